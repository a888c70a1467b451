import { assertPublicAddresses, systemLookup, type HostLookup } from './host-lookup';
import { checkUrlWithoutDns, effectivePort, type SafeUrlOptions } from './parse-safe-url';
import { UnsafeUrlError } from './safe-http-error';
import { createTestAllowList } from './test-allow-list';
import { parseIp } from './parse-ip';

/** Options of `assertSafeUrl`: the URL policy plus an injectable resolver. */
export interface AssertSafeUrlOptions extends SafeUrlOptions {
  /** Resolver used for hostnames; defaults to the system resolver. */
  lookup?: HostLookup;
}

/**
 * Checks a URL for use as an outbound destination (e.g. when a webhook endpoint
 * is saved): the DNS-free checks, then resolves the host and checks EVERY address.
 * Resolves to the parsed URL or rejects with `UnsafeUrlError`. It cannot stop DNS
 * rebinding on its own; fetch through `createSafeFetch`, which re-checks at connect.
 */
export async function assertSafeUrl(input: string | URL, options: AssertSafeUrlOptions = {}): Promise<URL> {
  const allowList = createTestAllowList(options.allowPrivateForTests);
  const url = checkUrlWithoutDns(input, options, allowList);
  if (allowList(url.hostname, effectivePort(url)) || parseIp(url.hostname)) return url;
  const lookup = options.lookup ?? systemLookup;
  let addresses;
  try {
    addresses = await lookup(url.hostname);
  } catch (cause) {
    throw new UnsafeUrlError('unresolvable', `${url.hostname} could not be resolved`, {
      hostname: url.hostname,
      cause,
    });
  }
  assertPublicAddresses(url.hostname, addresses);
  return url;
}
