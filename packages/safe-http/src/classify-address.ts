import { formatIPv4, formatIPv6, parseIp } from './parse-ip';

/** Why an address is or is not reachable from the public internet. */
export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'benchmarking'
  | 'documentation'
  | 'unique_local'
  | 'site_local'
  | 'metadata'
  | 'invalid';

/** The result of classifying one IP address. */
export interface AddressClassification {
  kind: AddressKind;
  family: 4 | 6 | null;
  /** Canonical text of the address (dotted quad or RFC 5952), or the input when invalid. */
  address: string;
  /** The named range that decided the kind, e.g. `rfc1918`, `nat64`, `ipv4-mapped`, `global-unicast`. */
  range: string;
  /** For IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4, ...): that address. */
  embeddedIPv4?: string;
}

interface Cidr {
  prefix: Uint8Array;
  bits: number;
  kind: AddressKind;
  range: string;
  /** Where an IPv4 address sits inside this IPv6 range; the embedded address decides. */
  embedAt?: number;
  /** For embedding ranges: kind to use when the embedded address itself is public. */
  whenEmbeddedPublic?: AddressKind;
}

function cidr(text: string, kind: AddressKind, range: string, extra: Partial<Cidr> = {}): Cidr {
  const [addr = '', bitsText = ''] = text.split('/');
  const parsed = parseIp(addr);
  if (!parsed) throw new Error(`bad CIDR in table: ${text}`);
  return { prefix: parsed.bytes, bits: Number(bitsText), kind, range, ...extra };
}

// Cloud metadata services get their own kind (most specific match wins), so
// logs say "metadata" rather than the enclosing link-local or CGNAT block.
const IPV4_TABLE: Cidr[] = [
  cidr('169.254.169.254/32', 'metadata', 'cloud-metadata'), // AWS, GCP, Azure, OCI, DigitalOcean
  cidr('169.254.170.2/32', 'metadata', 'cloud-metadata'), // AWS ECS task credentials
  cidr('169.254.170.23/32', 'metadata', 'cloud-metadata'), // AWS EKS pod identity
  cidr('100.100.100.200/32', 'metadata', 'cloud-metadata'), // Alibaba Cloud
  cidr('255.255.255.255/32', 'broadcast', 'limited-broadcast'),
  cidr('0.0.0.0/8', 'unspecified', 'this-network'), // Linux connects 0.0.0.0 to the local host
  cidr('10.0.0.0/8', 'private', 'rfc1918'),
  cidr('100.64.0.0/10', 'cgnat', 'shared-address-space'),
  cidr('127.0.0.0/8', 'loopback', 'loopback'),
  cidr('169.254.0.0/16', 'link_local', 'link-local'),
  cidr('172.16.0.0/12', 'private', 'rfc1918'),
  cidr('192.0.0.0/24', 'reserved', 'ietf-protocol-assignments'),
  cidr('192.0.2.0/24', 'documentation', 'test-net-1'),
  cidr('192.88.99.0/24', 'reserved', '6to4-relay-anycast'),
  cidr('192.168.0.0/16', 'private', 'rfc1918'),
  cidr('198.18.0.0/15', 'benchmarking', 'benchmarking'),
  cidr('198.51.100.0/24', 'documentation', 'test-net-2'),
  cidr('203.0.113.0/24', 'documentation', 'test-net-3'),
  cidr('224.0.0.0/4', 'multicast', 'multicast'),
  cidr('240.0.0.0/4', 'reserved', 'class-e'),
];

// Anything outside 2000::/3 is not global unicast today, so it is refused by
// default; the table names the ranges inside and outside it that matter.
const IPV6_TABLE: Cidr[] = [
  cidr('::/128', 'unspecified', 'unspecified'),
  cidr('::1/128', 'loopback', 'loopback'),
  cidr('fd00:ec2::254/128', 'metadata', 'cloud-metadata'), // AWS IMDS over IPv6
  cidr('::ffff:0:0/96', 'public', 'ipv4-mapped', { embedAt: 12, whenEmbeddedPublic: 'public' }),
  // Deprecated IPv4-compatible and SIIT forms are not routable even for a public IPv4.
  cidr('::/96', 'reserved', 'ipv4-compatible', { embedAt: 12, whenEmbeddedPublic: 'reserved' }),
  cidr('::ffff:0:0:0/96', 'reserved', 'ipv4-translated', { embedAt: 12, whenEmbeddedPublic: 'reserved' }),
  cidr('64:ff9b::/96', 'public', 'nat64', { embedAt: 12, whenEmbeddedPublic: 'public' }),
  // Local-use NAT64 (RFC 8215) translates inside the operator's own network.
  cidr('64:ff9b:1::/48', 'private', 'nat64-local-use'),
  cidr('100::/64', 'reserved', 'discard-only'),
  cidr('2001::/32', 'reserved', 'teredo'), // tunnels to an obfuscated, possibly internal IPv4
  cidr('2001:2::/48', 'benchmarking', 'benchmarking'),
  cidr('2001:db8::/32', 'documentation', 'documentation'),
  cidr('2001::/23', 'reserved', 'ietf-protocol-assignments'),
  cidr('2002::/16', 'public', '6to4', { embedAt: 2, whenEmbeddedPublic: 'public' }),
  cidr('3fff::/20', 'documentation', 'documentation'),
  cidr('5f00::/16', 'reserved', 'srv6-sids'),
  cidr('fc00::/7', 'unique_local', 'unique-local'),
  cidr('fe80::/10', 'link_local', 'link-local'),
  cidr('fec0::/10', 'site_local', 'site-local'),
  cidr('ff00::/8', 'multicast', 'multicast'),
  cidr('2000::/3', 'public', 'global-unicast'),
  cidr('::/0', 'reserved', 'not-global-unicast'),
];

function byMostSpecific(a: Cidr, b: Cidr): number {
  return b.bits - a.bits;
}
IPV4_TABLE.sort(byMostSpecific);
IPV6_TABLE.sort(byMostSpecific);

function matches(bytes: Uint8Array, entry: Cidr): boolean {
  const full = Math.floor(entry.bits / 8);
  for (let i = 0; i < full; i++) if (bytes[i] !== entry.prefix[i]) return false;
  const rest = entry.bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[full] ?? 0) & mask) === ((entry.prefix[full] ?? 0) & mask);
}

function classifyIPv4(bytes: Uint8Array): AddressClassification {
  const address = formatIPv4(bytes);
  const entry = IPV4_TABLE.find((e) => matches(bytes, e));
  if (!entry) return { kind: 'public', family: 4, address, range: 'global-unicast' };
  return { kind: entry.kind, family: 4, address, range: entry.range };
}

function classifyIPv6(bytes: Uint8Array): AddressClassification {
  const address = formatIPv6(bytes);
  const entry = IPV6_TABLE.find((e) => matches(bytes, e));
  if (!entry) return { kind: 'reserved', family: 6, address, range: 'not-global-unicast' };
  if (entry.embedAt === undefined) return { kind: entry.kind, family: 6, address, range: entry.range };
  const inner = classifyIPv4(bytes.subarray(entry.embedAt, entry.embedAt + 4));
  const kind = inner.kind === 'public' ? (entry.whenEmbeddedPublic ?? 'reserved') : inner.kind;
  return { kind, family: 6, address, range: entry.range, embeddedIPv4: inner.address };
}

/**
 * Classifies an IP address (IPv4 dotted quad or any IPv6 text form, brackets and
 * zone allowed); a hostname or a non-canonical IPv4 form is `invalid`.
 */
export function classifyAddress(ip: string): AddressClassification {
  const parsed = parseIp(ip);
  if (!parsed) return { kind: 'invalid', family: null, address: ip, range: 'unparsable' };
  const result = parsed.family === 4 ? classifyIPv4(parsed.bytes) : classifyIPv6(parsed.bytes);
  // A zone only makes sense on link-scoped addresses; never treat one as public.
  if (parsed.zone !== undefined && result.kind === 'public') {
    return { ...result, kind: 'invalid', range: 'zone-on-global-address' };
  }
  return result;
}

/** True only when the address is a globally routable unicast address that is not a cloud metadata endpoint. */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip).kind === 'public';
}
