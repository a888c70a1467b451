/** Answers whether a host:port was explicitly allowed for tests. */
export type TestAllowList = (hostname: string, port: number) => boolean;

function key(hostname: string, port: number): string {
  const host = hostname.toLowerCase();
  // Undici hands the connector IPv6 hosts without brackets; URLs keep them.
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${bracketed}:${port}`;
}

const ENTRY = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/?#@[\]]+):(\d{1,5})$/;

/**
 * Builds the exact host:port allow-list that lets tests reach a local server;
 * each entry must name a port (`127.0.0.1:4010`, `[::1]:4010`, `localhost:4010`).
 */
export function createTestAllowList(entries: readonly string[] | undefined): TestAllowList {
  const allowed = new Set<string>();
  for (const entry of entries ?? []) {
    const match = ENTRY.exec(entry);
    const port = Number(match?.[2]);
    let hostname: string | undefined;
    try {
      hostname = match ? new URL(`http://${match[1]}/`).hostname : undefined;
    } catch {
      hostname = undefined;
    }
    if (!hostname || port < 1 || port > 65535) {
      throw new TypeError(`allowPrivateForTests entry is not host:port: ${JSON.stringify(entry)}`);
    }
    allowed.add(key(hostname, port));
  }
  return (hostname, port) => allowed.size > 0 && allowed.has(key(hostname, port));
}
