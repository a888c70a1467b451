import { describe, expect, it } from 'vitest';
import { classifyGraphError } from './classify-graph-error';
import { describeGraphErrorCode, graphErrorCodes } from './graph-error-codes';

describe('classifyGraphError (golden case 12)', () => {
  it('131056 is retry-later for that recipient despite HTTP 400', () => {
    expect(classifyGraphError({ code: 131056, httpStatus: 400 })).toEqual({ kind: 'retry_later', scope: 'recipient', delayMs: 6000 });
  });

  it('throttling codes slow the number or the app', () => {
    expect(classifyGraphError({ code: 130429, httpStatus: 400 })).toMatchObject({ kind: 'retry_later', scope: 'number' });
    expect(classifyGraphError({ code: 4, httpStatus: 400 })).toMatchObject({ kind: 'retry_later', scope: 'app' });
    expect(classifyGraphError({ code: 80007, httpStatus: 400 })).toMatchObject({ kind: 'retry_later', scope: 'app' });
    for (const code of [131048, 131057, 133016]) {
      expect(classifyGraphError({ code, httpStatus: 400 })).toMatchObject({ kind: 'retry_later', scope: 'number' });
    }
  });

  it('permanent codes fail at once, whatever the HTTP status', () => {
    for (const code of [131047, 131026, 131051, 132000, 132001, 100, 190, 368, 131031, 131042, 0, 10, 200, 299, 130472, 131049, 131050]) {
      expect(classifyGraphError({ code, httpStatus: 500 }), `code ${code}`).toEqual({ kind: 'permanent' });
    }
  });

  it('transient codes are retried, even when HTTP says 400', () => {
    for (const code of [131000, 1, 2, 131016, 133004, 131052, 131053]) {
      expect(classifyGraphError({ code, httpStatus: 400 }), `code ${code}`).toEqual({ kind: 'retry' });
    }
  });

  it('unknown codes fall back to the HTTP status', () => {
    expect(classifyGraphError({ code: 999999, httpStatus: 503 })).toEqual({ kind: 'retry' });
    expect(classifyGraphError({ code: 999999, httpStatus: 400 })).toEqual({ kind: 'permanent' });
    expect(classifyGraphError({ httpStatus: 502 })).toEqual({ kind: 'retry' });
    expect(classifyGraphError({ httpStatus: 429 })).toEqual({ kind: 'retry_later', scope: 'number' });
    expect(classifyGraphError({ httpStatus: 404 })).toEqual({ kind: 'permanent' });
  });

  it('returns a copy, so callers cannot change the table', () => {
    const result = classifyGraphError({ code: 131056, httpStatus: 400 });
    if (result.kind === 'retry_later') result.delayMs = 1;
    expect(classifyGraphError({ code: 131056, httpStatus: 400 })).toMatchObject({ delayMs: 6000 });
  });
});

describe('describeGraphErrorCode', () => {
  it('gives a title and meaning for every known code and the 200–299 range', () => {
    expect(describeGraphErrorCode(131047)?.meaning).toMatch(/24 hours/);
    expect(describeGraphErrorCode(250)?.title).toBe('API Permission');
    expect(describeGraphErrorCode(424242)).toBeUndefined();
    for (const [code, info] of Object.entries(graphErrorCodes)) {
      expect(info.title.length, `code ${code}`).toBeGreaterThan(0);
      expect(info.meaning.length, `code ${code}`).toBeGreaterThan(0);
    }
  });
});
