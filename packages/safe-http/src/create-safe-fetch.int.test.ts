import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertSafeUrl } from './assert-safe-url';
import { createSafeFetch, type SafeFetch, type SafeFetchOptions } from './create-safe-fetch';
import type { HostLookup } from './host-lookup';
import { HttpNetworkError, HttpTimeoutError, ResponseTooLargeError, UnsafeUrlError } from './safe-http-error';

// Real sockets on loopback only. Every server counts the TCP connections it
// accepts, so "refused" means "no connection reached the server", not just an error.
interface CountingServer {
  port: number;
  connections: number;
  requests: string[];
  close(): Promise<void>;
}

async function startServer(handler: http.RequestListener, host = '127.0.0.1'): Promise<CountingServer> {
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  const state: CountingServer = {
    port: 0,
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    state.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

const clients: SafeFetch[] = [];
function client(options: Partial<SafeFetchOptions> = {}): SafeFetch {
  const safeFetch = createSafeFetch({ timeoutMs: 5000, maxResponseBytes: 64 * 1024, allowHttp: true, ...options });
  clients.push(safeFetch);
  return safeFetch;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the request to fail');
}

let hello: CountingServer;
let canary: CountingServer;
beforeAll(async () => {
  hello = await startServer((req, res) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.1:${canary.port}/stolen` }).end();
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-seen-ua': req.headers['user-agent'] ?? '' });
      res.end(JSON.stringify({ method: req.method, body }));
    });
  });
  canary = await startServer((_req, res) => res.end('canary'));
});
afterAll(async () => {
  await hello.close();
  await canary.close();
});

describe('safe fetch against a real local server', () => {
  it('refuses 127.0.0.1 by default and no connection reaches the server', async () => {
    const before = hello.connections;
    const err = await caught(client()(`http://127.0.0.1:${hello.port}/`));
    expect(err).toBeInstanceOf(UnsafeUrlError);
    expect(hello.connections).toBe(before);
  });

  it('refuses a hostname that resolves to the server, at connect time', async () => {
    const before = hello.connections;
    const lookup: HostLookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const err = await caught(client({ lookup })(`http://hooks.customer.example:${hello.port}/`));
    expect(err).toMatchObject({ reason: 'private_address', address: '127.0.0.1' });
    expect(hello.connections).toBe(before);
  });

  it('reaches the server only through the exact test allow-list entry', async () => {
    const allowed = client({ allowPrivateForTests: [`127.0.0.1:${hello.port}`], userAgent: 'switchboard-test' });
    const res = await allowed(`http://127.0.0.1:${hello.port}/echo`, { method: 'POST', body: 'ping' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ method: 'POST', body: 'ping' });
    expect(res.headers['x-seen-ua']).toBe('switchboard-test');
    expect(res.truncated).toBe(false);
    const before = canary.connections;
    expect(await caught(allowed(`http://127.0.0.1:${canary.port}/`))).toBeInstanceOf(UnsafeUrlError);
    expect(canary.connections).toBe(before);
  });

  it('refuses DNS rebinding: public when the URL is checked, loopback when the socket connects', async () => {
    const answers = ['93.184.215.14', '127.0.0.1'];
    const calls: string[] = [];
    const rebinding: HostLookup = async (hostname) => {
      calls.push(hostname);
      const address = answers[Math.min(calls.length - 1, answers.length - 1)] ?? '127.0.0.1';
      return [{ address, family: 4 }];
    };
    const url = `http://rebind.attacker.example:${hello.port}/`;
    // The endpoint passes validation when saved...
    await expect(assertSafeUrl(url, { allowHttp: true, lookup: rebinding })).resolves.toBeInstanceOf(URL);
    // ...and the delivery later resolves again, to loopback, and is refused before connecting.
    const before = hello.connections;
    const err = await caught(client({ lookup: rebinding })(url));
    expect(err).toMatchObject({ reason: 'private_address', address: '127.0.0.1' });
    expect(calls).toEqual(['rebind.attacker.example', 'rebind.attacker.example']);
    expect(hello.connections).toBe(before);
  });

  it('returns a 3xx as a response and never follows it', async () => {
    const before = canary.connections;
    const res = await client({ allowPrivateForTests: [`127.0.0.1:${hello.port}`] })(`http://127.0.0.1:${hello.port}/redirect`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`http://127.0.0.1:${canary.port}/stolen`);
    expect(canary.connections).toBe(before);
    expect(canary.requests).not.toContain('GET /stolen');
  });

  it('ignores HTTP_PROXY and friends', async () => {
    const proxy = await startServer((_req, res) => res.writeHead(502).end());
    const saved = { ...process.env };
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']) {
      process.env[name] = `http://127.0.0.1:${proxy.port}`;
    }
    try {
      const res = await client({ allowPrivateForTests: [`127.0.0.1:${hello.port}`] })(`http://127.0.0.1:${hello.port}/`);
      expect(res.status).toBe(200);
      expect(proxy.connections).toBe(0);
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
      await proxy.close();
    }
  });

  it('refuses IPv6 loopback too', async () => {
    let v6: CountingServer | undefined;
    try {
      v6 = await startServer((_req, res) => res.end('v6'), '::1');
    } catch {
      // No IPv6 loopback on this host: the literal is still refused before any socket.
    }
    const port = v6?.port ?? hello.port;
    expect(await caught(client()(`http://[::1]:${port}/`))).toMatchObject({ reason: 'private_address' });
    expect(await caught(client()(`http://[::ffff:127.0.0.1]:${hello.port}/`))).toMatchObject({ reason: 'private_address' });
    if (v6) {
      expect(v6.connections).toBe(0);
      const allowed = client({ allowPrivateForTests: [`[::1]:${v6.port}`] });
      expect((await allowed(`http://[::1]:${v6.port}/`)).body.toString()).toBe('v6');
      await v6.close();
    }
  });

  it('wraps a refused connection as HttpNetworkError', async () => {
    const gone = await startServer((_req, res) => res.end());
    const port = gone.port;
    await gone.close();
    const err = await caught(client({ allowPrivateForTests: [`127.0.0.1:${port}`] })(`http://127.0.0.1:${port}/`));
    expect(err).toBeInstanceOf(HttpNetworkError);
    expect((err as HttpNetworkError).causeCode).toBe('ECONNREFUSED');
  });
});

describe('limits against slow and large servers', () => {
  let slow: CountingServer;
  let large: CountingServer;
  const open = new Set<http.ServerResponse>();
  beforeAll(async () => {
    slow = await startServer((req, res) => {
      open.add(res);
      if (req.url === '/drip') {
        // Headers at once, then one byte now and then: only a total deadline stops this.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('.'), 50);
        res.on('close', () => clearInterval(timer));
      }
      // '/hang': never answer at all.
    });
    large = await startServer((req, res) => {
      const size = 5 * 1024 * 1024;
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      res.writeHead(200, req.url === '/declared' ? { 'content-length': String(size) } : {});
      let sent = 0;
      const pump = (): void => {
        while (sent < size) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
  });
  afterAll(async () => {
    for (const res of open) res.destroy();
    await slow.close();
    await large.close();
  });

  it('times out a server that never answers', async () => {
    const safeFetch = client({ timeoutMs: 300, allowPrivateForTests: [`127.0.0.1:${slow.port}`] });
    const err = await caught(safeFetch(`http://127.0.0.1:${slow.port}/hang`));
    expect(err).toBeInstanceOf(HttpTimeoutError);
    expect((err as HttpTimeoutError).timeoutMs).toBe(300);
  });

  it('times out a body that keeps trickling (total deadline, not idle)', async () => {
    const safeFetch = client({ timeoutMs: 5000, allowPrivateForTests: [`127.0.0.1:${slow.port}`] });
    const err = await caught(safeFetch(`http://127.0.0.1:${slow.port}/drip`, { timeoutMs: 400 }));
    expect(err).toBeInstanceOf(HttpTimeoutError);
    expect((err as HttpTimeoutError).timeoutMs).toBe(400);
  });

  it('stops reading a chunked body past the cap', async () => {
    const safeFetch = client({ maxResponseBytes: 64 * 1024, allowPrivateForTests: [`127.0.0.1:${large.port}`] });
    const err = await caught(safeFetch(`http://127.0.0.1:${large.port}/chunked`));
    expect(err).toBeInstanceOf(ResponseTooLargeError);
    expect(err).toMatchObject({ limitBytes: 64 * 1024, status: 200 });
  });

  it('refuses a declared content-length past the cap before reading', async () => {
    const safeFetch = client({ maxResponseBytes: 64 * 1024, allowPrivateForTests: [`127.0.0.1:${large.port}`] });
    const err = await caught(safeFetch(`http://127.0.0.1:${large.port}/declared`));
    expect(err).toBeInstanceOf(ResponseTooLargeError);
  });

  it('can truncate instead, returning exactly the cap', async () => {
    const safeFetch = client({ maxResponseBytes: 64 * 1024, allowPrivateForTests: [`127.0.0.1:${large.port}`] });
    const res = await safeFetch(`http://127.0.0.1:${large.port}/declared`, { onOversize: 'truncate', maxResponseBytes: 1000 });
    expect(res.status).toBe(200);
    expect(res.truncated).toBe(true);
    expect(res.body.length).toBe(1000);
  });

  it('lets a caller abort', async () => {
    const safeFetch = client({ allowPrivateForTests: [`127.0.0.1:${slow.port}`] });
    const controller = new AbortController();
    const reason = new Error('shutdown');
    const pending = caught(safeFetch(`http://127.0.0.1:${slow.port}/hang`, { signal: controller.signal }));
    setTimeout(() => controller.abort(reason), 50);
    expect(await pending).toBe(reason);
  });
});
