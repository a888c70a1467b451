import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { withTraceId } from './trace-context';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('stamps service and the current trace id on each JSON line', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 'api', destination });
    withTraceId('abc123', () => log.info({ n: 1 }, 'inside'));
    log.info('outside');
    expect(lines[0]).toMatchObject({ service: 'api', trace_id: 'abc123', msg: 'inside', n: 1 });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });

  it('redacts secrets nested in logged objects', () => {
    const { lines, destination } = capture();
    const log = createLogger({ service: 'worker', destination });
    log.info({ channel: { access_token: 'EAAG-secret', app_secret: 's3cr3t' } }, 'channel');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('EAAG-secret');
    expect(text).not.toContain('s3cr3t');
  });
});
