import { describe, expect, it } from 'vitest';
import { formatIPv6, parseIp } from './parse-ip';

// Deterministic PRNG so a failure reproduces; the sequence is arbitrary.
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return state & 0xff;
  };
}

function hexGroups(bytes: Uint8Array): string[] {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups;
}

describe('parseIp', () => {
  it('parses dotted quads and rejects every looser IPv4 form', () => {
    expect(Array.from(parseIp('169.254.169.254')?.bytes ?? [])).toEqual([169, 254, 169, 254]);
    expect(parseIp('0.0.0.0')?.family).toBe(4);
    for (const bad of ['0177.0.0.1', '127.1', '2130706433', '0x7f000001', '256.0.0.1', '1.2.3.4.5', '1.2.3.', ' ', '', '01.2.3.4', '1.2.3.-4', 'localhost']) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });

  it('parses IPv6 with compression, embedded IPv4, brackets and zones', () => {
    expect(formatIPv6(parseIp('0:0:0:0:0:0:0:1')?.bytes ?? new Uint8Array(16))).toBe('::1');
    expect(formatIPv6(parseIp('[::ffff:127.0.0.1]')?.bytes ?? new Uint8Array(16))).toBe('::ffff:7f00:1');
    expect(parseIp('fe80::1%eth0')).toMatchObject({ family: 6, zone: 'eth0' });
    expect(formatIPv6(parseIp('1:2:3:4:5:6:7::')?.bytes ?? new Uint8Array(16))).toBe('1:2:3:4:5:6:7:0');
    expect(formatIPv6(parseIp('::')?.bytes ?? new Uint8Array(1))).toBe('::');
  });

  it('rejects malformed IPv6', () => {
    for (const bad of ['1::2::3', ':::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::1', '::1.2.3.4:5', '1.2.3.4::', '[::1', '::ffff:256.0.0.1', '1:2:3:4:5:6:7:8::', 'fe80::1%', 'fe80::1%a b']) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });

  it('agrees with the WHATWG URL parser on 2,000 random IPv6 addresses in several spellings', () => {
    const next = prng(20240607);
    for (let n = 0; n < 2000; n++) {
      const bytes = new Uint8Array(16);
      // Zero runs are common in real addresses and are where compression bugs live.
      for (let i = 0; i < 16; i++) bytes[i] = next() < 96 ? 0 : next();
      const canonical = new URL(`http://[${hexGroups(bytes).join(':')}]/`).hostname.slice(1, -1);
      const spellings = [
        canonical,
        hexGroups(bytes).join(':'),
        hexGroups(bytes).map((g) => g.padStart(4, '0').toUpperCase()).join(':'),
        `${hexGroups(bytes).slice(0, 6).join(':')}:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`,
      ];
      for (const text of spellings) {
        const parsed = parseIp(text);
        expect(parsed?.family, text).toBe(6);
        expect(Array.from(parsed?.bytes ?? []), text).toEqual(Array.from(bytes));
      }
      expect(formatIPv6(bytes)).toBe(canonical);
    }
  });
});
