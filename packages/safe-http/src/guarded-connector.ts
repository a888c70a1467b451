import net, { type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { classifyAddress } from './classify-address';
import { assertPublicAddresses, type HostLookup, type ResolvedAddress } from './host-lookup';
import { UnsafeUrlError } from './safe-http-error';
import type { TestAllowList } from './test-allow-list';

/** What the connect-time guard needs. */
export interface GuardedConnectorOptions {
  lookup: HostLookup;
  allowList: TestAllowList;
  connectTimeoutMs: number;
}

function wantedFamily(family: unknown): 4 | 6 | undefined {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return undefined;
}

// net/tls.connect call this lookup right before opening the socket, so the
// address checked is exactly the one dialled (no DNS-rebinding window).
/** Adapts a `HostLookup` to the callback form net/tls.connect use; `check` validates every address. */
export function toNodeLookup(lookup: HostLookup, check: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname).then(
      (answers) => {
        let chosen: ResolvedAddress[];
        try {
          // No answer is a DNS failure (worth a retry), not a policy refusal.
          if (answers.length === 0) {
            throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
          }
          if (check) assertPublicAddresses(hostname, answers);
          const family = wantedFamily(options.family);
          chosen = family ? answers.filter((a) => a.family === family) : [...answers];
          if (chosen.length === 0) {
            throw Object.assign(new Error(`${hostname} has no usable address`), { code: 'ENOTFOUND' });
          }
        } catch (err) {
          callback(err as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (options.all) callback(null, chosen.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, chosen[0]?.address ?? '', chosen[0]?.family ?? 4);
      },
      (err: unknown) => {
        callback(err instanceof Error ? err : new Error(String(err)), '', 0);
      },
    );
  };
}

/**
 * Builds an undici connector that refuses non-public destinations at connect
 * time: literal IPs are classified here (Node skips `lookup` for them) and
 * hostnames through a `lookup` that validates every resolved address.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const timeout = options.connectTimeoutMs;
  const guarded = buildConnector({ timeout, lookup: toNodeLookup(options.lookup, true) });
  const trusted = buildConnector({ timeout, lookup: toNodeLookup(options.lookup, false) });

  return (connectOptions, callback) => {
    const { hostname, protocol } = connectOptions;
    const port = Number(connectOptions.port) || (protocol === 'https:' ? 443 : 80);
    if (options.allowList(hostname, port)) {
      trusted(connectOptions, callback);
      return;
    }
    if (net.isIP(hostname) !== 0) {
      const verdict = classifyAddress(hostname);
      if (verdict.kind !== 'public') {
        const error = new UnsafeUrlError('private_address', `${verdict.address} is a ${verdict.kind} address`, {
          hostname,
          address: verdict.address,
          addressKind: verdict.kind,
        });
        queueMicrotask(() => callback(error, null));
        return;
      }
    }
    guarded(connectOptions, callback);
  };
}
