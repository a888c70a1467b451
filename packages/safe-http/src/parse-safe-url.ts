import { classifyAddress } from './classify-address';
import { UnsafeUrlError } from './safe-http-error';
import { createTestAllowList, type TestAllowList } from './test-allow-list';

/** Policy shared by `parseSafeUrl`, `assertSafeUrl` and `createSafeFetch`. */
export interface SafeUrlOptions {
  /** Accept `http:` as well as `https:` (development, sandbox, tests). Default false. */
  allowHttp?: boolean;
  /** When set, only these ports (after applying the scheme's default) are accepted. */
  allowedPorts?: readonly number[];
  /** Tests only: exact `host:port` entries that may be private (e.g. `127.0.0.1:4010`). */
  allowPrivateForTests?: readonly string[];
}

/** The port a URL will connect to, with the scheme default filled in. */
export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Strips the trailing root dot so `localhost.` and `localhost` compare equal. */
function withoutRootDot(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}

// RFC 6761: resolvers may answer these locally with loopback, whatever DNS says.
function isLocalhostName(hostname: string): boolean {
  const name = withoutRootDot(hostname.toLowerCase());
  return name === 'localhost' || name.endsWith('.localhost');
}

/** The parts of the checks that need no DNS; `allowList` is prebuilt by the caller. */
export function checkUrlWithoutDns(input: string | URL, options: SafeUrlOptions, allowList: TestAllowList): URL {
  let url: URL;
  try {
    url = new URL(typeof input === 'string' ? input : input.href);
  } catch (cause) {
    throw new UnsafeUrlError('invalid_url', 'not a valid absolute URL', { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UnsafeUrlError('scheme', `scheme ${url.protocol} is not allowed; use https:`);
  }
  if (url.protocol === 'http:' && options.allowHttp !== true) {
    throw new UnsafeUrlError('scheme', 'plain http: is not allowed; use https:');
  }
  if (url.username !== '' || url.password !== '') {
    throw new UnsafeUrlError('credentials', 'URLs with a user name or password are not allowed', {
      hostname: url.hostname,
    });
  }
  const hostname = url.hostname;
  if (hostname === '') throw new UnsafeUrlError('invalid_url', 'URL has no host');
  const port = effectivePort(url);
  if (port < 1 || port > 65535 || (options.allowedPorts && !options.allowedPorts.includes(port))) {
    throw new UnsafeUrlError('port', `port ${port} is not allowed`, { hostname });
  }
  if (allowList(hostname, port)) return url;
  if (isLocalhostName(hostname)) {
    throw new UnsafeUrlError('private_address', `${hostname} is a loopback name`, {
      hostname,
      addressKind: 'loopback',
    });
  }
  // WHATWG URL has already rewritten decimal, octal, hex and short IPv4 forms
  // into a dotted quad and IPv6 into canonical text, so this sees the real address.
  const literal = classifyAddress(hostname);
  if (literal.kind !== 'invalid' && literal.kind !== 'public') {
    throw new UnsafeUrlError('private_address', `${literal.address} is a ${literal.kind} address`, {
      hostname,
      address: literal.address,
      addressKind: literal.kind,
    });
  }
  return url;
}

/**
 * Parses a URL and applies every check that needs no DNS (scheme, credentials,
 * port, literal IPs, localhost names); throws `UnsafeUrlError` on refusal.
 */
export function parseSafeUrl(input: string | URL, options: SafeUrlOptions = {}): URL {
  return checkUrlWithoutDns(input, options, createTestAllowList(options.allowPrivateForTests));
}
