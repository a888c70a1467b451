import { describe, expect, it } from 'vitest';
import { signChatwootWebhook, verifyChatwootSignature } from './chatwoot-signature';

const body = Buffer.from('{"event":"message_created","id":1,"message_type":"outgoing"}');

describe('Chatwoot webhook signature', () => {
  it('matches the golden value of reference §6 case 9', () => {
    expect(signChatwootWebhook('cw_secret', '1700000000', body)).toBe('sha256=5e3bc9445f1912d144475dbce8719d4751ec2b6f6386b769266ff11db4c9a5d2');
  });

  it('accepts the right signature within five minutes and rejects everything else', () => {
    const signature = 'sha256=5e3bc9445f1912d144475dbce8719d4751ec2b6f6386b769266ff11db4c9a5d2';
    const base = { secret: 'cw_secret', rawBody: body, signature, timestamp: '1700000000' };
    expect(verifyChatwootSignature({ ...base, nowSeconds: 1700000299 })).toEqual({ ok: true });
    expect(verifyChatwootSignature({ ...base, nowSeconds: 1700000301 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifyChatwootSignature({ ...base, secret: 'other', nowSeconds: 1700000000 })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyChatwootSignature({ ...base, rawBody: Buffer.from(`${body.toString()} `), nowSeconds: 1700000000 })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyChatwootSignature({ ...base, signature: undefined, nowSeconds: 1700000000 })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifyChatwootSignature({ ...base, timestamp: undefined, nowSeconds: 1700000000 })).toEqual({ ok: false, reason: 'missing_timestamp' });
  });
});
