import { describe, expect, it } from 'vitest';
import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  it('ignores key order at every depth', () => {
    const a = { to: '1555', type: 'text', text: { body: 'hi', preview_url: false } };
    const b = { text: { preview_url: false, body: 'hi' }, type: 'text', to: '1555' };
    expect(requestFingerprint(a)).toBe(requestFingerprint(b));
  });

  it('changes when any value changes, including array order', () => {
    const base = requestFingerprint({ to: '1555', list: [1, 2] });
    expect(requestFingerprint({ to: '1556', list: [1, 2] })).not.toBe(base);
    expect(requestFingerprint({ to: '1555', list: [2, 1] })).not.toBe(base);
    expect(requestFingerprint({ to: '1555', list: [1, 2], extra: null })).not.toBe(base);
  });

  it('distinguishes types that print alike', () => {
    expect(requestFingerprint({ n: 1 })).not.toBe(requestFingerprint({ n: '1' }));
  });

  it('drops undefined properties like JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([undefined])).toBe('[null]');
  });

  it('escapes keys and unicode deterministically', () => {
    expect(canonicalJson({ 'é"': '😀' })).toBe('{"é\\"":"😀"}');
    expect(requestFingerprint({ x: '😀' })).toMatch(/^[0-9a-f]{64}$/);
  });
});
