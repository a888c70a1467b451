/** A parsed IP address: 4 bytes for IPv4, 16 for IPv6. */
export interface ParsedIp {
  family: 4 | 6;
  bytes: Uint8Array;
  /** The IPv6 zone (`fe80::1%eth0` → `eth0`), when one was given. */
  zone?: string;
}

// Strict dotted-quad only: resolvers and the WHATWG URL parser both emit this
// form, and anything looser (octal, hex, short forms) is ambiguous between
// libraries, which is exactly what SSRF bypasses exploit. Callers parse URLs
// with WHATWG URL first, which rewrites those forms into dotted-quad.
const IPV4_PART = /^(0|[1-9][0-9]{0,2})$/;

function parseIPv4Bytes(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    if (!IPV4_PART.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes[i] = value;
  }
  return bytes;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  const pieces = text.split(':');
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? '';
    if (i === pieces.length - 1 && piece.includes('.')) {
      const v4 = parseIPv4Bytes(piece);
      if (!v4) return null;
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      continue;
    }
    if (!HEX_GROUP.test(piece)) return null;
    groups.push(parseInt(piece, 16));
  }
  return groups;
}

function parseIPv6Bytes(text: string): Uint8Array | null {
  if (text.length === 0 || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  let groups: number[];
  if (halves.length === 2) {
    const head = parseGroups(halves[0] ?? '');
    const tail = parseGroups(halves[1] ?? '');
    if (!head || !tail) return null;
    // An embedded IPv4 may only end the address, never precede "::".
    if ((halves[0] ?? '').includes('.')) return null;
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    const all = parseGroups(text);
    if (!all || all.length !== 8) return null;
    groups = all;
  }
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * Parses an IPv4 dotted-quad or an IPv6 address (optionally in brackets, with a
 * zone id) into bytes; returns null for anything else, including hostnames.
 */
export function parseIp(input: string): ParsedIp | null {
  let text = input.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (!text.includes(':')) {
    const v4 = parseIPv4Bytes(text);
    return v4 ? { family: 4, bytes: v4 } : null;
  }
  let zone: string | undefined;
  const percent = text.indexOf('%');
  if (percent !== -1) {
    zone = text.slice(percent + 1);
    text = text.slice(0, percent);
    if (!/^[0-9A-Za-z._-]{1,64}$/.test(zone)) return null;
  }
  const v6 = parseIPv6Bytes(text);
  if (!v6) return null;
  return zone === undefined ? { family: 6, bytes: v6 } : { family: 6, bytes: v6, zone };
}

/** Formats 4 bytes as a dotted quad. */
export function formatIPv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join('.');
}

/** Formats 16 bytes as RFC 5952 canonical IPv6 text (lowercase, longest zero run compressed). */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((bytes[i * 2] ?? 0) << 8) | (bytes[i * 2 + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
