import { promises as dns } from 'node:dns';
import { classifyAddress } from './classify-address';
import { UnsafeUrlError } from './safe-http-error';

/** One address a hostname resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address it has; injectable so tests never touch real DNS. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo, so /etc/hosts counts), returning every address. */
export const systemLookup: HostLookup = async (hostname) => {
  const answers = await dns.lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * Throws `UnsafeUrlError` unless there is at least one address and EVERY one is
 * public: a client may connect to any of them, so one private answer poisons all.
 */
export function assertPublicAddresses(hostname: string, addresses: readonly ResolvedAddress[]): void {
  if (addresses.length === 0) {
    throw new UnsafeUrlError('unresolvable', `${hostname} has no addresses`, { hostname });
  }
  for (const { address } of addresses) {
    const verdict = classifyAddress(address);
    if (verdict.kind !== 'public') {
      throw new UnsafeUrlError(
        'private_address',
        `${hostname} resolves to ${verdict.address}, a ${verdict.kind} address`,
        { hostname, address: verdict.address, addressKind: verdict.kind },
      );
    }
  }
}
