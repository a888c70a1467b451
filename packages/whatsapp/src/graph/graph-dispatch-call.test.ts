import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphApiError, GraphTransportError } from './graph-api-error';
import { createWhatsAppClient } from './whatsapp-client';

// The default (keep-alive dispatcher) transport against a real local server: wire format, Meta's errors,
// and which failures may have reached Meta (ambiguous) and which certainly did not.
interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl: string;
let connections: number;
let received: Received[];
let respond: (req: Received, res: ServerResponse) => void;

beforeEach(async () => {
  connections = 0;
  received = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      received.push(entry);
      respond(entry, res);
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const client = (timeoutMs = 1000) => createWhatsAppClient({ baseUrl, apiVersion: 'v26.0', accessToken: 'T', phoneNumberId: '42', timeoutMs });
const text = { to: '16505551234', type: 'text' as const, text: { body: 'hi' } };
const sent = { messaging_product: 'whatsapp', contacts: [{ input: '16505551234', wa_id: '16505551234' }], messages: [{ id: 'wamid.A' }] };
const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
const failure = (promise: Promise<unknown>) => promise.then(
  () => {
    throw new Error('expected the call to fail');
  },
  (error: unknown) => error,
);

describe('Graph calls over the keep-alive dispatcher', () => {
  it('posts the JSON send with the bearer token and returns the wamid', async () => {
    respond = (_req, res) => answer(res, 200, sent);
    expect(await client().sendMessage(text)).toEqual({ wamid: 'wamid.A', input: '16505551234', waId: '16505551234' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/v26.0/42/messages' });
    expect(received[0]?.headers).toMatchObject({ authorization: 'Bearer T', 'content-type': 'application/json' });
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({ messaging_product: 'whatsapp', ...text });
  });

  it('sends GET and DELETE with the query string and reads their answers', async () => {
    respond = (req, res) =>
      req.method === 'DELETE'
        ? answer(res, 200, { success: true })
        : answer(res, 200, { url: 'https://media.test/x', mime_type: 'image/png', sha256: 'abc', file_size: '3', id: 'm1' });
    expect(await client().getMediaUrl('m1')).toMatchObject({ url: 'https://media.test/x', fileSize: 3 });
    expect(await client().deleteMedia('m1')).toEqual({ success: true });
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v26.0/m1?phone_number_id=42', 'DELETE /v26.0/m1?phone_number_id=42']);
  });

  it("turns a 4xx with Meta's error body into a GraphApiError with Retry-After", async () => {
    respond = (_req, res) =>
      answer(res, 400, { error: { message: 'pair rate', type: 'OAuthException', code: 131056, fbtrace_id: 'F1' } }, { 'retry-after': '7' });
    const error = await failure(client().sendMessage(text));
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ httpStatus: 400, code: 131056, fbtraceId: 'F1', retryAfterMs: 7000, ambiguous: false });
    expect((error as GraphApiError).classification).toMatchObject({ kind: 'retry_later', delayMs: 7000 });
  });

  it('turns a 5xx into a GraphApiError: with a Graph body it is not ambiguous, without one it is', async () => {
    respond = (_req, res) => answer(res, 500, { error: { message: 'unknown', code: 1 } }, { 'x-business-use-case-usage': '{"1":[{"estimated_time_to_regain_access":2}]}' });
    expect(await failure(client().sendMessage(text))).toMatchObject({ name: 'GraphApiError', httpStatus: 500, code: 1, retryAfterMs: 120_000, ambiguous: false });
    respond = (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
    expect(await failure(client().sendMessage(text))).toMatchObject({ name: 'GraphApiError', httpStatus: 502, ambiguous: true });
  });

  it('reports a send the server received but never answered as an ambiguous timeout', async () => {
    respond = () => undefined;
    const started = Date.now();
    const error = await failure(client(150).sendMessage(text));
    expect(error).toBeInstanceOf(GraphTransportError);
    expect(error).toMatchObject({ failure: 'timeout', ambiguous: true, httpStatus: undefined });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(received).toHaveLength(1);
  });

  it('times out a body that stops half way, keeping the status it had', async () => {
    respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"messages":');
    };
    expect(await failure(client(150).sendMessage(text))).toMatchObject({ failure: 'timeout', ambiguous: true, httpStatus: 200 });
  });

  it("reports the caller's abort after the request went out as ambiguous", async () => {
    respond = () => undefined;
    const controller = new AbortController();
    const pending = failure(client(5000).sendMessage(text, { signal: controller.signal }));
    await expect.poll(() => received.length).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ name: 'GraphTransportError', failure: 'aborted', ambiguous: true });
  });

  it('rejects a call whose signal is already aborted without sending it', async () => {
    respond = (_req, res) => answer(res, 200, sent);
    const error = await failure(client().sendMessage(text, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ name: 'GraphTransportError', failure: 'aborted', ambiguous: true });
    expect(received).toHaveLength(0);
  });

  it('aborts every in-flight call that shares one signal through a single listener', async () => {
    respond = () => undefined;
    const controller = new AbortController();
    const sends = Array.from({ length: 12 }, () => failure(client(5000).sendMessage(text, { signal: controller.signal })));
    await expect.poll(() => received.length).toBe(12);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    for (const error of await Promise.all(sends)) expect(error).toMatchObject({ failure: 'aborted', ambiguous: true });
  });

  it('reports a refused connection as not ambiguous', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = createWhatsAppClient({ baseUrl: `http://127.0.0.1:${port}`, accessToken: 'T', phoneNumberId: '42' });
    const error = await failure(refused.sendMessage(text));
    expect(error).toMatchObject({ name: 'GraphTransportError', failure: 'network', ambiguous: false });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('reports a socket the server closed after reading the request as ambiguous', async () => {
    respond = (_req, res) => res.socket?.destroy();
    const error = await failure(client().sendMessage(text));
    expect(error).toMatchObject({ name: 'GraphTransportError', failure: 'network', ambiguous: true });
    expect(received).toHaveLength(1);
  });

  it('refuses a body over maxBytes, declared or streamed, and accepts one at the limit', async () => {
    const media = client();
    respond = (_req, res) => {
      // Declared too large: refused on the headers, without waiting for a body that never comes.
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': '64' });
      res.write(Buffer.alloc(8, 1));
    };
    expect(await failure(media.downloadMedia(`${baseUrl}/media/declared`, { maxBytes: 63 }))).toBeInstanceOf(RangeError);
    respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' }); // chunked: no content-length to refuse up front
      res.write(Buffer.alloc(40, 1));
      setTimeout(() => res.end(Buffer.alloc(40, 2)), 20);
    };
    expect(await failure(media.downloadMedia(`${baseUrl}/media/streamed`, { maxBytes: 63 }))).toBeInstanceOf(RangeError);
    const ok = await media.downloadMedia(`${baseUrl}/media/streamed`, { maxBytes: 80 });
    expect(ok.contentType).toBe('image/png');
    expect(ok.bytes).toEqual(new Uint8Array([...Buffer.alloc(40, 1), ...Buffer.alloc(40, 2)]));
    expect(ok.bytes.byteLength).toBe(ok.bytes.buffer.byteLength);
  });

  it('reuses one kept-alive connection for consecutive calls, across clients of the same origin', async () => {
    respond = (_req, res) => answer(res, 200, sent);
    await client().sendMessage(text);
    // undici hands a finished socket back to its pool one event-loop turn later (a call in the same
    // turn opens another connection, as fetch does), so a send that follows another waits one turn.
    await new Promise((resolve) => setImmediate(resolve));
    await client().sendMessage(text);
    await new Promise((resolve) => setImmediate(resolve));
    await client().sendMessage(text);
    expect(received).toHaveLength(3);
    expect(connections).toBe(1);
  });
});
