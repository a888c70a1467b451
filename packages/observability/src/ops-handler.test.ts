import { describe, expect, it } from 'vitest';
import { readiness } from './ops-handler';

describe('readiness', () => {
  it('is ready only when every check passes', async () => {
    expect(await readiness({ a: async () => true, b: async () => true })).toEqual({
      ready: true,
      checks: { a: 'ok', b: 'ok' },
    });
    const report = await readiness({ a: async () => true, b: async () => { throw new Error('down'); } });
    expect(report).toEqual({ ready: false, checks: { a: 'ok', b: 'fail' } });
  });

  it('fails a check that does not answer in time', async () => {
    const report = await readiness({ slow: () => new Promise<boolean>(() => undefined) }, 20);
    expect(report.checks.slow).toBe('fail');
  });
});
