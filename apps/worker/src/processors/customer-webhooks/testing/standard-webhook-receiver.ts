// A customer's webhook endpoint as a real process: verifies every request with the
// `standardwebhooks` package against the secrets it was told, answers from a per-path script,
// and records everything. Started by tests through `startReceiverProcess` (RECEIVER_PORT env).
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

interface PathScript {
  /** Status codes for the first requests, in order; then `then`. */
  sequence: number[];
  then: number;
  /** Sent with non-2xx answers. */
  retryAfter?: string;
  /** Answer this much later, for requests whose body type is listed (all when empty). */
  delayMs?: number;
  delayTypes?: string[];
}

interface Received {
  path: string;
  webhookId: string | undefined;
  timestamp: string | undefined;
  signatures: number;
  /** Index in `secrets` of every secret that verified this request (by `standardwebhooks`). */
  verifiedWith: number[];
  body: string;
  type: string | undefined;
  status: number;
  receivedAt: number;
  answeredAt: number;
}

const port = Number(process.env.RECEIVER_PORT ?? 0);
let secrets: Record<string, string[]> = {};
let scripts: Record<string, PathScript> = {};
const counts = new Map<string, number>();
const received: Received[] = [];

function verify(path: string, raw: Buffer, headers: Record<string, string>): number[] {
  return (secrets[path] ?? []).flatMap((secret, index) => {
    try {
      new Webhook(secret).verify(raw, headers);
      return [index];
    } catch {
      return [];
    }
  });
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://receiver');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/healthz') return json(200, { ok: true });
    if (url.pathname === '/_control/secrets' && req.method === 'PUT') {
      const body = JSON.parse(raw.toString()) as { path: string; secrets: string[] };
      secrets = { ...secrets, [body.path]: body.secrets };
      return json(200, { ok: true });
    }
    if (url.pathname === '/_control/script' && req.method === 'PUT') {
      const body = JSON.parse(raw.toString()) as { path: string } & PathScript;
      scripts = { ...scripts, [body.path]: body };
      counts.set(body.path, 0);
      return json(200, { ok: true });
    }
    if (url.pathname === '/_control/received') {
      const path = url.searchParams.get('path');
      return json(200, { data: path ? received.filter((r) => r.path === path) : received });
    }

    const receivedAt = Date.now();
    const headers: Record<string, string> = {};
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const verifiedWith = verify(url.pathname, raw, headers);
    let type: string | undefined;
    try {
      type = (JSON.parse(raw.toString()) as { type?: string }).type;
    } catch {
      type = undefined;
    }
    const script = scripts[url.pathname] ?? { sequence: [], then: 200 };
    const n = counts.get(url.pathname) ?? 0;
    counts.set(url.pathname, n + 1);
    // A request no configured secret verifies is rejected, as a real receiver would.
    const status = verifiedWith.length === 0 ? 401 : (script.sequence[n] ?? script.then);
    const delay = script.delayMs && (!script.delayTypes?.length || (type && script.delayTypes.includes(type))) ? script.delayMs : 0;
    setTimeout(() => {
      const record: Received = {
        path: url.pathname, webhookId: headers['webhook-id'], timestamp: headers['webhook-timestamp'],
        signatures: (headers['webhook-signature'] ?? '').split(' ').filter(Boolean).length,
        verifiedWith, body: raw.toString(), type, status, receivedAt, answeredAt: Date.now(),
      };
      received.push(record);
      res.writeHead(status, {
        'content-type': 'text/plain',
        ...(status >= 300 && script.retryAfter ? { 'retry-after': script.retryAfter } : {}),
      });
      res.end(status < 300 ? 'ok' : `no (${status}) ${'x'.repeat(2000)}`);
    }, delay);
  });
});
server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
