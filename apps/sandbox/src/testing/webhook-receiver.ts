import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, body kept as the exact text sent. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A stand-in for the platform's webhook endpoint in tests: answers Meta's handshake when the
 * verify token matches, records every POST, and answers with a status the test can change.
 */
export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  posts(): ReceivedRequest[];
  /** Status for the next POSTs (default 200). */
  respondWith(status: number): void;
  /** Resolves once `predicate` holds for the recorded POSTs; rejects after `timeoutMs`. */
  waitFor(predicate: (posts: ReceivedRequest[]) => boolean, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { verifyToken: string; echoChallenge?: boolean }): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.method === 'GET') {
        const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === options.verifyToken;
        if (!ok) return void res.writeHead(403).end('forbidden');
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end(options.echoChallenge === false ? 'nope' : (url.searchParams.get('hub.challenge') ?? ''));
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'fail');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const posts = () => requests.filter((r) => r.method === 'POST');
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    requests,
    posts,
    respondWith: (next) => {
      status = next;
    },
    waitFor: async (predicate, timeoutMs = 4000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(posts())) {
        if (Date.now() > deadline) throw new Error(`webhook receiver: condition not met within ${timeoutMs} ms (${posts().length} POSTs)`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return posts();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
