import net from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { BYPASS_CORPUS, bypassCorpusLookup } from './bypass-corpus';
import { createSafeFetch } from './create-safe-fetch';
import { HttpNetworkError, UnsafeUrlError } from './safe-http-error';

// Undici calls net.connect / tls.connect through the shared module object, so
// spying here sees every socket it would open.
let netConnect: MockInstance;
let tlsConnect: MockInstance;
beforeEach(() => {
  netConnect = vi.spyOn(net, 'connect');
  tlsConnect = vi.spyOn(tls, 'connect');
});
afterEach(() => {
  vi.restoreAllMocks();
});

const lookup = vi.fn(bypassCorpusLookup);
const safeFetch = createSafeFetch({ timeoutMs: 2000, maxResponseBytes: 1024, allowHttp: true, lookup });
afterAll(() => safeFetch.close());

async function refusal(promise: Promise<unknown>): Promise<UnsafeUrlError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof UnsafeUrlError) return err;
    throw err;
  }
  throw new Error('expected UnsafeUrlError, but the request went through');
}

describe('createSafeFetch over the bypass corpus', () => {
  const withoutDns = BYPASS_CORPUS.filter((c) => !c.resolvesTo);
  const withDns = BYPASS_CORPUS.filter((c) => c.resolvesTo);

  it.each(withoutDns.map((c) => [c.url, c.reason] as const))('refuses %s (%s) without opening a socket', async (url, reason) => {
    const error = await refusal(safeFetch(url));
    expect(error.reason).toBe(reason);
    expect(netConnect).not.toHaveBeenCalled();
    expect(tlsConnect).not.toHaveBeenCalled();
  });

  it.each(withDns.map((c) => [c.url, c.reason] as const))('refuses %s (%s) in the connect-time lookup', async (url, reason) => {
    lookup.mockClear();
    const error = await refusal(safeFetch(url));
    expect(error.reason).toBe(reason);
    // The URL check does no DNS: the refusal came from the lookup that the socket itself called.
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(netConnect).toHaveBeenCalledTimes(1);
  });
});

describe('createSafeFetch input checks', () => {
  it('refuses http unless allowed', async () => {
    const strict = createSafeFetch({ timeoutMs: 1000, maxResponseBytes: 10, lookup });
    try {
      expect((await refusal(strict('http://example.com/'))).reason).toBe('scheme');
    } finally {
      await strict.close();
    }
  });

  it('rejects bad configuration and bad methods with clear errors', async () => {
    expect(() => createSafeFetch({ timeoutMs: 0, maxResponseBytes: 10 })).toThrow(/timeoutMs/);
    expect(() => createSafeFetch({ timeoutMs: 10, maxResponseBytes: -1 })).toThrow(/maxResponseBytes/);
    expect(() => createSafeFetch({ timeoutMs: 10, maxResponseBytes: 1, allowPrivateForTests: ['localhost'] })).toThrow(/host:port/);
    await expect(safeFetch('https://example.com/', { method: 'CONNECT' as 'GET' })).rejects.toThrow(/not allowed/);
    await expect(safeFetch('https://example.com/', { timeoutMs: 1.5 })).rejects.toThrow(/timeoutMs/);
    expect(netConnect).not.toHaveBeenCalled();
  });

  it('reports DNS failures at connect time as a retryable network error', async () => {
    for (const failing of [bypassCorpusLookup, async () => []]) {
      const client = createSafeFetch({ timeoutMs: 1000, maxResponseBytes: 10, lookup: failing });
      try {
        const err = await client('https://gone.example/').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(HttpNetworkError);
        expect(err).toMatchObject({ causeCode: 'ENOTFOUND' });
      } finally {
        await client.close();
      }
    }
  });

  it('honours an already aborted caller signal before connecting', async () => {
    const reason = new Error('caller gave up');
    await expect(safeFetch('https://example.com/', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(netConnect).not.toHaveBeenCalled();
  });
});
