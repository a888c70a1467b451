import { describe, expect, it } from 'vitest';
import { verifySubscription } from './verify-subscription';

describe('verifySubscription (golden case 5)', () => {
  const query = (mode: string, token: string) =>
    new URLSearchParams({ 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': '1158201444' });

  it('returns the challenge for the configured token', () => {
    expect(verifySubscription(query('subscribe', 'tok123'), 'tok123')).toBe('1158201444');
    expect(verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok123', 'hub.challenge': '1158201444' }, ['other', 'tok123'])).toBe(
      '1158201444',
    );
  });

  it('returns null for a wrong token or a mode other than subscribe', () => {
    expect(verifySubscription(query('subscribe', 'wrong'), 'tok123')).toBeNull();
    expect(verifySubscription(query('unsubscribe', 'tok123'), 'tok123')).toBeNull();
  });

  it('returns null for missing parameters, repeated parameters and empty configured tokens', () => {
    expect(verifySubscription({}, 'tok123')).toBeNull();
    expect(verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok123' }, 'tok123')).toBeNull();
    expect(verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': ['tok123', 'x'], 'hub.challenge': '1' }, 'tok123')).toBeNull();
    const repeated = new URLSearchParams('hub.mode=subscribe&hub.verify_token=a&hub.verify_token=tok123&hub.challenge=1');
    expect(verifySubscription(repeated, 'tok123')).toBeNull();
    expect(verifySubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }, '')).toBeNull();
  });
});
