// One delivery attempt against real loopback servers: signatures checked by the `standardwebhooks`
// package, redirects not followed, timeouts, Retry-After, 410, capped excerpts, and the SSRF corpus
// refused with canary listeners proving no connection was made.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { BYPASS_CORPUS, bypassCorpusLookup, createSafeFetch, type SafeFetch } from '@switchboard/safe-http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptWebhookDelivery } from './attempt-webhook-delivery';
import { generateWebhookSecret } from './webhook-secret';

interface Hit { path: string; headers: Record<string, string | string[] | undefined>; body: string }
const hits: Hit[] = [];
let server: Server;
let port: number;
let fetch: SafeFetch;
const secret = generateWebhookSecret();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url === '/ok') return res.writeHead(204).end();
      if (req.url === '/redirect') return res.writeHead(302, { location: `http://127.0.0.1:${port}/ok` }).end();
      if (req.url === '/throttled') return res.writeHead(429, { 'retry-after': '7' }).end('slow down');
      if (req.url === '/gone') return res.writeHead(410).end();
      if (req.url === '/chatty') return res.writeHead(500).end('e'.repeat(10_000));
      if (req.url === '/hang') return; // never answers
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  fetch = createSafeFetch({ timeoutMs: 10_000, maxResponseBytes: 4096, allowHttp: true, allowPrivateForTests: [`127.0.0.1:${port}`] });
});
afterAll(async () => {
  await fetch?.close();
  server?.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const attempt = (path: string, timeoutMs = 5000) =>
  attemptWebhookDelivery(fetch, { url: `http://127.0.0.1:${port}${path}`, eventId: 'evt_1', body: '{"id":"evt_1"}', secrets: [secret], now: new Date(), timeoutMs });

describe('attemptWebhookDelivery', () => {
  it('a 2xx is success, and the request verifies with the standardwebhooks package', async () => {
    const outcome = await attempt('/ok');
    expect(outcome).toMatchObject({ ok: true, statusCode: 204, error: null, gone: false, refused: false });
    const hit = hits.at(-1)!;
    expect(hit.headers['content-type']).toBe('application/json');
    const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(hit.headers[h])]));
    expect(new Webhook(secret).verify(hit.body, headers)).toEqual({ id: 'evt_1' });
  });

  it('a redirect is a failure and is not followed', async () => {
    const before = hits.length;
    const outcome = await attempt('/redirect');
    expect(outcome).toMatchObject({ ok: false, statusCode: 302, error: 'redirect (302) not followed' });
    expect(hits.slice(before).map((h) => h.path)).toEqual(['/redirect']);
  });

  it('reads Retry-After, flags 410, and keeps at most 1024 characters of the response', async () => {
    expect(await attempt('/throttled')).toMatchObject({ ok: false, statusCode: 429, retryAfterMs: 7000, responseExcerpt: 'slow down' });
    expect(await attempt('/gone')).toMatchObject({ ok: false, statusCode: 410, gone: true });
    const chatty = await attempt('/chatty');
    expect(chatty.responseExcerpt).toHaveLength(1024);
  });

  it('a receiver slower than the timeout is a failed attempt, not a hang', async () => {
    const outcome = await attempt('/hang', 300);
    expect(outcome).toMatchObject({ ok: false, statusCode: null, refused: false });
    expect(outcome.error).toMatch(/did not complete within 300 ms/);
  });

  it('refuses every URL of the SSRF corpus before connecting: canaries on the corpus ports see nothing', async () => {
    const canaries: Server[] = [];
    let connections = 0;
    for (const host of ['127.0.0.1', '::1']) {
      for (const canaryPort of [80, 443, 8080, 8443, 3000, 1900]) {
        const canary = createServer();
        canary.on('connection', (socket: Socket) => {
          connections += 1;
          socket.destroy();
        });
        const bound = await new Promise<boolean>((resolve) => {
          canary.once('error', () => resolve(false));
          canary.listen(canaryPort, host, () => resolve(true));
        });
        if (bound) canaries.push(canary);
      }
    }
    // Controls: the canaries count, and bound at least the default ports.
    expect(canaries.length).toBeGreaterThanOrEqual(2);
    const hostile = createSafeFetch({ timeoutMs: 2000, maxResponseBytes: 4096, allowHttp: true, lookup: bypassCorpusLookup });
    try {
      for (const c of BYPASS_CORPUS) {
        const outcome = await attemptWebhookDelivery(hostile, { url: c.url, eventId: 'evt_ssrf', body: '{}', secrets: [secret], now: new Date(), timeoutMs: 2000 });
        expect(outcome.ok, c.url).toBe(false);
        expect(outcome.statusCode, c.url).toBeNull();
        // Refused by the guard, or (corpus names no hostile DNS answers for) not resolvable: never dialled.
        expect(outcome.refused || /ENOTFOUND/.test(outcome.error ?? ''), `${c.url}: ${outcome.error}`).toBe(true);
        if (c.reason !== 'unresolvable') expect(outcome.refused, c.url).toBe(true);
      }
      expect(connections).toBe(0);
      // The control: a plain connection to a canary is counted.
      const control = canaries[0]!.address() as AddressInfo;
      await new Promise<void>((resolve) => {
        const s = connect(control.port, control.address, () => (s.destroy(), resolve()));
        s.on('error', () => resolve());
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(connections).toBe(1);
    } finally {
      await hostile.close();
      await Promise.all(canaries.map((c) => new Promise((r) => c.close(r))));
    }
  }, 60_000);
});
