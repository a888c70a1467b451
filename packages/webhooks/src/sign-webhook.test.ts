import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { computeWebhookSignature, signWebhook } from './sign-webhook';
import { decodeWebhookSecret, generateWebhookSecret } from './webhook-secret';

// Reference §6 case 6: the Standard Webhooks golden vector.
const golden = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  undecodedKeySignature: 'v1,TcxlhK9b6UD6iVI1ZU2tTqp8PEVfYRseNNfa6b+LcUg=',
};

describe('Standard Webhooks signing', () => {
  it('matches the golden vector with the base64-decoded key, not the literal string', () => {
    expect(computeWebhookSignature(golden.secret, golden.id, golden.timestamp, golden.body)).toBe(golden.signature);
    expect(computeWebhookSignature(golden.secret, golden.id, golden.timestamp, golden.body)).not.toBe(golden.undecodedKeySignature);
    expect(signWebhook({ id: golden.id, timestamp: golden.timestamp, body: Buffer.from(golden.body), secrets: [golden.secret] })).toEqual({
      'webhook-id': golden.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': golden.signature,
    });
  });

  it('is accepted by the standardwebhooks package, and a changed byte is not', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ id: 'e1', type: 'message.sent', created_at: new Date().toISOString(), data: { text: 'äöå' } });
    const headers = signWebhook({ id: 'e1', timestamp: Math.floor(Date.now() / 1000), body, secrets: [secret] });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('e1', 'e2'), { ...headers })).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
  });

  it('during a rotation sends both signatures, so a receiver with either secret accepts', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const body = '{"id":"e"}';
    const headers = signWebhook({ id: 'e', timestamp: Math.floor(Date.now() / 1000), body, secrets: [current, previous] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual({ id: 'e' });
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual({ id: 'e' });
  });

  it('golden tolerance: ±301 s rejected and +299 s accepted by the package (reference §6 case 7)', () => {
    const headers = { 'webhook-id': golden.id, 'webhook-signature': `v1,bogus ${golden.signature}` };
    const verifyAt = (ts: number) => () =>
      new Webhook(golden.secret).verify(golden.body, { ...headers, 'webhook-timestamp': String(ts) });
    // The package compares with its own clock, so produce the signature for timestamps relative to now.
    const now = Math.floor(Date.now() / 1000);
    const sign = (ts: number) => ({ ...headers, 'webhook-timestamp': String(ts), 'webhook-signature': computeWebhookSignature(golden.secret, golden.id, ts, golden.body) });
    expect(() => new Webhook(golden.secret).verify(golden.body, sign(now - 301))).toThrow(/too old/i);
    expect(() => new Webhook(golden.secret).verify(golden.body, sign(now + 301))).toThrow(/too new/i);
    expect(new Webhook(golden.secret).verify(golden.body, sign(now - 299))).toEqual({ test: 2432232314 });
    expect(verifyAt(golden.timestamp)).toThrow(/too old/i);
  });

  it('refuses ids with dots, fractional timestamps and no secrets', () => {
    const secret = generateWebhookSecret();
    expect(() => signWebhook({ id: 'a.b', timestamp: 1, body: '', secrets: [secret] })).toThrow(TypeError);
    expect(() => signWebhook({ id: 'a', timestamp: 1.5, body: '', secrets: [secret] })).toThrow(TypeError);
    expect(() => signWebhook({ id: 'a', timestamp: 1, body: '', secrets: [] })).toThrow(TypeError);
  });
});

describe('webhook secrets', () => {
  it('are whsec_ + base64 of 32 random bytes, different every time', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeWebhookSecret(a)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it('refuses a secret that is not base64 of 24–64 bytes', () => {
    expect(() => decodeWebhookSecret('whsec_short')).toThrow(TypeError);
    expect(() => decodeWebhookSecret('whsec_not base64 at all!')).toThrow(TypeError);
    expect(decodeWebhookSecret(golden.secret)).toHaveLength(24);
  });
});
