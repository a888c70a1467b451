import { GraphTransportError, MessageValidationError, toGraphApiError } from '@switchboard/whatsapp';
import { describe, expect, it } from 'vitest';
import { classifySendFailure } from './classify-send-failure';

const graphError = (status: number, code: number, headers: Record<string, string> = {}) =>
  toGraphApiError(status, new Headers(headers), JSON.stringify({ error: { message: `(#${code}) x`, type: 'OAuthException', code, fbtrace_id: 'T' } }));

describe('classifySendFailure', () => {
  it('fails 131026 (undeliverable) at once with Meta code and title', () => {
    const failure = classifySendFailure(graphError(400, 131026));
    expect(failure.kind).toBe('permanent');
    expect(failure.errorCode).toBe(131026);
    expect(failure.error.title).toMatch(/undeliverable/i);
  });

  it('retries a 500 with Meta code 131000 on the table', () => {
    expect(classifySendFailure(graphError(500, 131000)).kind).toBe('transient');
  });

  it('slows the number on 130429 and only the recipient on 131056', () => {
    expect(classifySendFailure(graphError(429, 130429))).toMatchObject({ kind: 'throttle', scope: 'number' });
    expect(classifySendFailure(graphError(400, 131056))).toMatchObject({ kind: 'throttle', scope: 'recipient' });
  });

  it('treats a timeout after the request left as ambiguous, a refused connection as transient', () => {
    expect(classifySendFailure(new GraphTransportError({ failure: 'timeout', ambiguous: true, message: 't' })).kind).toBe('ambiguous');
    expect(classifySendFailure(new GraphTransportError({ failure: 'network', ambiguous: false, message: 'refused' })).kind).toBe('transient');
    expect(classifySendFailure(new Error('boom')).kind).toBe('ambiguous');
  });

  it('fails content that breaks WhatsApp limits without calling it a Meta error', () => {
    const failure = classifySendFailure(new MessageValidationError([{ path: 'text.body', message: 'too long' }]));
    expect(failure).toMatchObject({ kind: 'permanent', errorCode: null, error: { code: 'invalid_content' } });
  });
});
