import type { HostLookup } from './host-lookup';
import type { UnsafeUrlReason } from './safe-http-error';

/** One SSRF bypass attempt and the refusal it must get (with `allowHttp: true`). */
export interface BypassCase {
  url: string;
  reason: UnsafeUrlReason;
  /** For hostnames: what a hostile DNS answers (served by `bypassCorpusLookup`). */
  resolvesTo?: readonly string[];
  why: string;
}

// Written for this package from the bypass families catalogued in OWASP's SSRF
// material and ssrf-req-filter's fixture list (reliability-plan §1.8).
// Other packages (webhooks, flow HTTP block) reuse it to prove their endpoints
// refuse the same URLs.
/** URLs an outbound request must refuse, each with the expected reason. */
export const BYPASS_CORPUS: readonly BypassCase[] = [
  // IPv4 loopback in every spelling WHATWG URL accepts
  { url: 'http://127.0.0.1/', reason: 'private_address', why: 'loopback' },
  { url: 'http://127.0.0.1:80/admin', reason: 'private_address', why: 'loopback, explicit port' },
  { url: 'https://127.0.0.1:443/', reason: 'private_address', why: 'loopback over https' },
  { url: 'http://127.1/', reason: 'private_address', why: 'short form a.d' },
  { url: 'http://127.0.1/', reason: 'private_address', why: 'short form a.b.d' },
  { url: 'http://2130706433/', reason: 'private_address', why: 'decimal integer' },
  { url: 'http://0x7f000001/', reason: 'private_address', why: 'hex integer' },
  { url: 'http://0x7f.0x0.0x0.0x1/', reason: 'private_address', why: 'hex octets' },
  { url: 'http://0177.0.0.1/', reason: 'private_address', why: 'octal first octet' },
  { url: 'http://0177.0000.0000.0001/', reason: 'private_address', why: 'octal octets' },
  { url: 'http://017700000001/', reason: 'private_address', why: 'octal integer' },
  { url: 'http://127.000.000.001/', reason: 'private_address', why: 'zero-padded octets' },
  { url: 'http://127.0.0.1./', reason: 'private_address', why: 'trailing dot' },
  { url: 'http://%31%32%37.0.0.1/', reason: 'private_address', why: 'percent-encoded host' },
  { url: 'http://①②⑦.⓪.⓪.①/', reason: 'private_address', why: 'enclosed alphanumerics, IDNA-mapped to digits' },
  { url: 'http://127。0。0。1/', reason: 'private_address', why: 'ideographic full stops' },
  { url: 'http://127.127.127.127/', reason: 'private_address', why: 'anywhere in 127/8' },
  // "this network" reaches the local host on Linux
  { url: 'http://0/', reason: 'private_address', why: 'bare zero' },
  { url: 'http://0.0.0.0/', reason: 'private_address', why: 'unspecified' },
  { url: 'http://0.0.0.0:8080/', reason: 'private_address', why: 'unspecified, other port' },
  // RFC 1918, CGNAT, link-local and metadata
  { url: 'http://10.0.0.1/', reason: 'private_address', why: '10/8' },
  { url: 'http://10.255.255.255/', reason: 'private_address', why: '10/8 edge' },
  { url: 'http://172.16.0.1/', reason: 'private_address', why: '172.16/12' },
  { url: 'http://172.31.255.254/', reason: 'private_address', why: '172.16/12 edge' },
  { url: 'http://192.168.0.1/', reason: 'private_address', why: '192.168/16' },
  { url: 'http://192.168.1.1:8443/', reason: 'private_address', why: '192.168/16, other port' },
  { url: 'http://3232235777/', reason: 'private_address', why: '192.168.1.1 as decimal' },
  { url: 'http://169.254.169.254/latest/meta-data/', reason: 'private_address', why: 'AWS/GCP/Azure metadata' },
  { url: 'http://0xA9FEA9FE/', reason: 'private_address', why: 'metadata as hex integer' },
  { url: 'http://2852039166/', reason: 'private_address', why: 'metadata as decimal integer' },
  { url: 'http://0251.0376.0251.0376/', reason: 'private_address', why: 'metadata as octal octets' },
  { url: 'http://169.254.170.2/v2/credentials', reason: 'private_address', why: 'ECS task credentials' },
  { url: 'http://169.254.0.1/', reason: 'private_address', why: 'link-local' },
  { url: 'http://100.64.0.1/', reason: 'private_address', why: 'CGNAT' },
  { url: 'http://100.127.255.254/', reason: 'private_address', why: 'CGNAT edge' },
  { url: 'http://100.100.100.200/latest/meta-data/', reason: 'private_address', why: 'Alibaba metadata' },
  // Reserved, documentation, benchmarking, multicast, broadcast
  { url: 'http://192.0.0.1/', reason: 'private_address', why: 'IETF protocol assignments' },
  { url: 'http://192.0.2.1/', reason: 'private_address', why: 'TEST-NET-1' },
  { url: 'http://198.18.0.1/', reason: 'private_address', why: 'benchmarking' },
  { url: 'http://198.19.255.255/', reason: 'private_address', why: 'benchmarking edge' },
  { url: 'http://198.51.100.7/', reason: 'private_address', why: 'TEST-NET-2' },
  { url: 'http://203.0.113.9/', reason: 'private_address', why: 'TEST-NET-3' },
  { url: 'http://192.88.99.1/', reason: 'private_address', why: '6to4 relay anycast' },
  { url: 'http://224.0.0.1/', reason: 'private_address', why: 'multicast' },
  { url: 'http://239.255.255.250:1900/', reason: 'private_address', why: 'SSDP multicast' },
  { url: 'http://240.0.0.1/', reason: 'private_address', why: 'class E' },
  { url: 'http://255.255.255.255/', reason: 'private_address', why: 'broadcast' },
  // IPv6 literals
  { url: 'http://[::1]/', reason: 'private_address', why: 'IPv6 loopback' },
  { url: 'http://[0:0:0:0:0:0:0:1]/', reason: 'private_address', why: 'IPv6 loopback, uncompressed' },
  { url: 'http://[::]/', reason: 'private_address', why: 'IPv6 unspecified' },
  { url: 'http://[::ffff:127.0.0.1]/', reason: 'private_address', why: 'IPv4-mapped loopback' },
  { url: 'http://[::ffff:7f00:1]/', reason: 'private_address', why: 'IPv4-mapped loopback, hex' },
  { url: 'http://[0:0:0:0:0:ffff:127.0.0.1]/', reason: 'private_address', why: 'IPv4-mapped, uncompressed' },
  { url: 'http://[::ffff:169.254.169.254]/', reason: 'private_address', why: 'IPv4-mapped metadata' },
  { url: 'http://[::ffff:a9fe:a9fe]/', reason: 'private_address', why: 'IPv4-mapped metadata, hex' },
  { url: 'http://[::ffff:10.0.0.1]/', reason: 'private_address', why: 'IPv4-mapped private' },
  { url: 'http://[::ffff:100.64.0.1]/', reason: 'private_address', why: 'IPv4-mapped CGNAT' },
  { url: 'http://[::ffff:0.0.0.0]/', reason: 'private_address', why: 'IPv4-mapped unspecified' },
  { url: 'http://[::127.0.0.1]/', reason: 'private_address', why: 'IPv4-compatible loopback' },
  { url: 'http://[::ffff:0:127.0.0.1]/', reason: 'private_address', why: 'IPv4-translated (SIIT) loopback' },
  { url: 'http://[64:ff9b::127.0.0.1]/', reason: 'private_address', why: 'NAT64 of loopback' },
  { url: 'http://[64:ff9b::a9fe:a9fe]/', reason: 'private_address', why: 'NAT64 of metadata' },
  { url: 'http://[64:ff9b::10.0.0.1]/', reason: 'private_address', why: 'NAT64 of private' },
  { url: 'http://[64:ff9b:1::1]/', reason: 'private_address', why: 'local-use NAT64' },
  { url: 'http://[64:ff9b:1::8.8.8.8]/', reason: 'private_address', why: 'local-use NAT64, even of a public IPv4' },
  { url: 'http://[2002:7f00:1::]/', reason: 'private_address', why: '6to4 of loopback' },
  { url: 'http://[2002:a9fe:a9fe::1]/', reason: 'private_address', why: '6to4 of metadata' },
  { url: 'http://[2001::1]/', reason: 'private_address', why: 'Teredo' },
  { url: 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', reason: 'private_address', why: 'Teredo with obfuscated client' },
  { url: 'http://[fe80::1]/', reason: 'private_address', why: 'IPv6 link-local' },
  { url: 'http://[fec0::1]/', reason: 'private_address', why: 'site-local (deprecated)' },
  { url: 'http://[fc00::1]/', reason: 'private_address', why: 'unique-local' },
  { url: 'http://[fd00::1]/', reason: 'private_address', why: 'unique-local fd00::/8' },
  { url: 'http://[fd00:ec2::254]/latest/meta-data/', reason: 'private_address', why: 'AWS IMDS over IPv6' },
  { url: 'http://[ff02::1]/', reason: 'private_address', why: 'IPv6 multicast' },
  { url: 'http://[100::1]/', reason: 'private_address', why: 'discard-only' },
  { url: 'http://[2001:db8::1]/', reason: 'private_address', why: 'IPv6 documentation' },
  { url: 'http://[2001:2::1]/', reason: 'private_address', why: 'IPv6 benchmarking' },
  { url: 'http://[5f00::1]/', reason: 'private_address', why: 'SRv6 SIDs' },
  // Names that mean the local host without asking DNS
  { url: 'http://localhost/', reason: 'private_address', why: 'localhost' },
  { url: 'http://localhost:3000/', reason: 'private_address', why: 'localhost, dev port' },
  { url: 'http://LOCALHOST/', reason: 'private_address', why: 'localhost, upper case' },
  { url: 'http://localhost./', reason: 'private_address', why: 'localhost, trailing dot' },
  { url: 'http://api.localhost/', reason: 'private_address', why: '*.localhost (RFC 6761)' },
  { url: 'http://a.b.localhost./', reason: 'private_address', why: '*.localhost, trailing dot' },
  // Hostile DNS: names that resolve to internal addresses
  { url: 'http://127.0.0.1.nip.io/', reason: 'private_address', resolvesTo: ['127.0.0.1'], why: 'wildcard DNS to loopback' },
  { url: 'http://10.0.0.1.sslip.io/', reason: 'private_address', resolvesTo: ['10.0.0.1'], why: 'wildcard DNS to private' },
  { url: 'http://169.254.169.254.nip.io/', reason: 'private_address', resolvesTo: ['169.254.169.254'], why: 'wildcard DNS to metadata' },
  { url: 'http://metadata.google.internal/', reason: 'private_address', resolvesTo: ['169.254.169.254'], why: 'GCP metadata name' },
  { url: 'http://v6loop.attacker.example/', reason: 'private_address', resolvesTo: ['::1'], why: 'AAAA to loopback' },
  { url: 'http://mapped.attacker.example/', reason: 'private_address', resolvesTo: ['::ffff:127.0.0.1'], why: 'AAAA to IPv4-mapped loopback' },
  { url: 'http://nat64.attacker.example/', reason: 'private_address', resolvesTo: ['64:ff9b::a9fe:a9fe'], why: 'AAAA to NAT64 of metadata' },
  { url: 'http://mixed.attacker.example/', reason: 'private_address', resolvesTo: ['93.184.215.14', '127.0.0.1'], why: 'one public and one loopback answer' },
  { url: 'http://mixed6.attacker.example/', reason: 'private_address', resolvesTo: ['2606:4700::6810:84e5', 'fd00::1'], why: 'public A, unique-local AAAA' },
  // Credentials in the authority, often used to confuse naive parsers
  { url: 'http://127.1.1.1:80@127.2.2.2:80/', reason: 'credentials', why: 'userinfo that looks like a host' },
  { url: 'http://example.com@127.0.0.1/', reason: 'credentials', why: 'trusted name as userinfo' },
  { url: 'http://user:pass@example.com/', reason: 'credentials', why: 'plain credentials' },
  { url: 'http://127.0.0.1%2f@example.com/', reason: 'credentials', why: 'encoded slash in userinfo' },
  { url: 'http://1.1.1.1 &@2.2.2.2# @3.3.3.3/', reason: 'credentials', why: 'parser differential with spaces' },
  // Fragment trick: the real host is before the #
  { url: 'http://127.0.0.1#@example.com/', reason: 'private_address', why: 'fragment hides the host' },
  { url: 'http://127.0.0.1\\@example.com/', reason: 'private_address', why: 'backslash becomes a path separator' },
  // Schemes that reach internal services
  { url: 'file:///etc/passwd', reason: 'scheme', why: 'file' },
  { url: 'gopher://127.0.0.1:6379/_INFO', reason: 'scheme', why: 'gopher to Redis' },
  { url: 'dict://127.0.0.1:11211/stat', reason: 'scheme', why: 'dict to memcached' },
  { url: 'ftp://127.0.0.1/', reason: 'scheme', why: 'ftp' },
  { url: 'ws://127.0.0.1/', reason: 'scheme', why: 'websocket' },
  { url: 'javascript:alert(1)', reason: 'scheme', why: 'javascript' },
  { url: 'data:text/plain,hello', reason: 'scheme', why: 'data' },
  // Ports and malformed URLs
  { url: 'http://example.com:0/', reason: 'port', why: 'port 0' },
  { url: 'http://[fe80::1%25eth0]/', reason: 'invalid_url', why: 'zone id (rejected by WHATWG URL)' },
  { url: 'http://256.0.0.1/', reason: 'invalid_url', why: 'octet out of range' },
  { url: 'http://1.2.3.4.5/', reason: 'invalid_url', why: 'five numeric labels' },
  { url: 'http://4294967296/', reason: 'invalid_url', why: 'integer past 2^32' },
  { url: 'http://[::1', reason: 'invalid_url', why: 'unterminated IPv6 literal' },
  { url: '//127.0.0.1/', reason: 'invalid_url', why: 'scheme-relative' },
  { url: 'not a url', reason: 'invalid_url', why: 'garbage' },
];

/** A hostile resolver answering the corpus's `resolvesTo` entries; any other name is "not found". */
export const bypassCorpusLookup: HostLookup = async (hostname) => {
  const entry = BYPASS_CORPUS.find((c) => c.resolvesTo && new URL(c.url).hostname === hostname);
  if (!entry?.resolvesTo) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return entry.resolvesTo.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
