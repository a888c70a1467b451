import { createServer, type Server } from 'node:http';

export interface ReceivedWebhook {
  rawBody: Buffer;
  signature: string | undefined;
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  handshakes: number;
  /** Resolves with the first webhook matching `predicate`, or rejects after timeoutMs. */
  waitFor(predicate: (hook: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

/**
 * A stand-in for a business's webhook endpoint: answers Meta's GET handshake
 * for `verifyToken` and records every POST with its raw bytes and signature.
 */
export async function startWebhookReceiver(verifyToken: string): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: { predicate: (hook: ReceivedWebhook) => boolean; resolve: (hook: ReceivedWebhook) => void }[] = [];
  const state = { handshakes: 0 };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (req.method === 'GET') {
      const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === verifyToken;
      state.handshakes += 1;
      res.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' });
      res.end(ok ? (url.searchParams.get('hub.challenge') ?? '') : 'forbidden');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const header = req.headers['x-hub-signature-256'];
      const hook = { rawBody: Buffer.concat(chunks), signature: Array.isArray(header) ? header[0] : header, receivedAt: Date.now() };
      received.push(hook);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(hook)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(hook);
        }
      }
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('receiver did not bind');
  return {
    url: `http://127.0.0.1:${address.port}/webhook`,
    received,
    get handshakes() {
      return state.handshakes;
    },
    waitFor(predicate, timeoutMs = 15_000) {
      const existing = received.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching webhook within ${timeoutMs} ms (got ${received.length})`)), timeoutMs);
        waiters.push({ predicate, resolve: (hook) => (clearTimeout(timer), resolve(hook)) });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
