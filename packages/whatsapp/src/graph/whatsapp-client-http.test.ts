import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphTransportError } from './graph-api-error';
import { createWhatsAppClient } from './whatsapp-client';

// Node's real fetch against an in-process server: checks the wire format (multipart, headers) and that a
// request Meta received but never answered is reported as ambiguous.
let server: Server;
let baseUrl: string;
const received: { url: string; auth: string | undefined; form?: FormData }[] = [];

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const entry: (typeof received)[number] = { url: req.url ?? '', auth: req.headers.authorization };
      received.push(entry);
      if (req.url?.endsWith('/media')) {
        entry.form = await new Response(body, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"777"}');
        return;
      }
      // /messages: swallow the request and never answer.
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('client over real HTTP', () => {
  it('uploads multipart form-data that a server can parse', async () => {
    const client = createWhatsAppClient({ baseUrl, apiVersion: 'v26.0', accessToken: 'T', phoneNumberId: '42' });
    const bytes = new Uint8Array([1, 2, 3, 4]);
    expect(await client.uploadMedia(bytes, 'image/png', 'a.png')).toEqual({ id: '777' });
    const upload = received.find((r) => r.url === '/v26.0/42/media');
    expect(upload?.auth).toBe('Bearer T');
    expect(upload?.form?.get('messaging_product')).toBe('whatsapp');
    const file = upload?.form?.get('file') as File;
    expect(file.name).toBe('a.png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it('reports a send that reached the server but timed out as ambiguous', async () => {
    const client = createWhatsAppClient({ baseUrl, apiVersion: 'v26.0', accessToken: 'T', phoneNumberId: '42', timeoutMs: 200 });
    const error = await client.sendMessage({ to: '16505551234', type: 'text', text: { body: 'hi' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphTransportError);
    expect(error).toMatchObject({ failure: 'timeout', ambiguous: true });
    expect(received.some((r) => r.url === '/v26.0/42/messages')).toBe(true);
  });

  it('reports a refused connection as not ambiguous', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createWhatsAppClient({ baseUrl: `http://127.0.0.1:${port}`, accessToken: 'T', phoneNumberId: '42' });
    const error = await client.sendMessage({ to: '16505551234', type: 'text', text: { body: 'hi' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'network', ambiguous: false });
  });
});
