import { describe, expect, it, vi } from 'vitest';
import { assertSafeUrl } from './assert-safe-url';
import { BYPASS_CORPUS, bypassCorpusLookup } from './bypass-corpus';
import { parseSafeUrl } from './parse-safe-url';
import { UnsafeUrlError, type UnsafeUrlReason } from './safe-http-error';

async function refusal(promise: Promise<unknown>): Promise<UnsafeUrlError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof UnsafeUrlError) return err;
    throw err;
  }
  throw new Error('expected UnsafeUrlError, but the URL was accepted');
}

const publicLookup = vi.fn(async (hostname: string) => {
  if (hostname === 'dual.example.org') return [{ address: '93.184.215.14', family: 4 as const }, { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 as const }];
  return [{ address: '93.184.215.14', family: 4 as const }];
});

describe('assertSafeUrl over the bypass corpus', () => {
  it('holds a corpus of the intended size', () => {
    expect(BYPASS_CORPUS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(BYPASS_CORPUS.map((c) => c.url)).size).toBe(BYPASS_CORPUS.length);
  });

  it.each(BYPASS_CORPUS.map((c) => [c.url, c.reason, c.why] as const))('refuses %s (%s: %s)', async (url, reason) => {
    const error = await refusal(assertSafeUrl(url, { allowHttp: true, lookup: bypassCorpusLookup }));
    expect(error.reason).toBe(reason);
    expect(error.code).toBe('UNSAFE_URL');
  });

  it('refuses every corpus URL with default options too (https only)', async () => {
    for (const { url } of BYPASS_CORPUS) {
      await refusal(assertSafeUrl(url, { lookup: bypassCorpusLookup }));
      await refusal(assertSafeUrl(url.replace(/^http:/, 'https:'), { lookup: bypassCorpusLookup }));
    }
  });

  it('decides literal IPs and localhost names without asking DNS', async () => {
    const lookup = vi.fn(bypassCorpusLookup);
    for (const c of BYPASS_CORPUS.filter((x) => !x.resolvesTo)) {
      await refusal(assertSafeUrl(c.url, { allowHttp: true, lookup }));
    }
    expect(lookup).not.toHaveBeenCalled();
  });

  it('names the offending address and its kind', async () => {
    const error = await refusal(assertSafeUrl('http://0xA9FEA9FE/', { allowHttp: true }));
    expect(error).toMatchObject({ reason: 'private_address', address: '169.254.169.254', addressKind: 'metadata' });
    const mixed = await refusal(assertSafeUrl('https://mixed.attacker.example/', { lookup: bypassCorpusLookup }));
    expect(mixed).toMatchObject({ hostname: 'mixed.attacker.example', address: '127.0.0.1', addressKind: 'loopback' });
  });

  it('maps resolver failures and empty answers to unresolvable', async () => {
    const error = await refusal(assertSafeUrl('https://gone.example/', { lookup: bypassCorpusLookup }));
    expect(error.reason).toBe('unresolvable');
    const empty = await refusal(assertSafeUrl('https://empty.example/', { lookup: async () => [] }));
    expect(empty.reason).toBe('unresolvable');
  });
});

describe('assertSafeUrl accepts public destinations', () => {
  const accepted: Array<[string, { allowHttp?: boolean; allowedPorts?: number[] }]> = [
    ['https://example.com/', {}],
    ['https://hooks.example.org:8443/in?x=1#frag', {}],
    ['https://dual.example.org/', {}],
    ['https://EXAMPLE.com./', {}],
    ['https://8.8.8.8/', {}],
    ['https://134744072/', {}],
    ['https://[2606:4700:4700::1111]/dns-query', {}],
    ['https://[::ffff:8.8.8.8]/', {}],
    ['https://[64:ff9b::8.8.8.8]/', {}],
    ['https://[2002:808:808::1]/', {}],
    ['http://1.1.1.1/', { allowHttp: true }],
    ['https://example.com/', { allowedPorts: [443] }],
    ['https://bücher.example/', {}],
  ];

  it.each(accepted)('accepts %s', async (url, options) => {
    const parsed = await assertSafeUrl(url, { ...options, lookup: publicLookup });
    expect(parsed).toBeInstanceOf(URL);
  });

  it('checks the resolved addresses of a hostname', async () => {
    publicLookup.mockClear();
    await assertSafeUrl('https://bücher.example/', { lookup: publicLookup });
    expect(publicLookup).toHaveBeenCalledWith('xn--bcher-kva.example');
  });
});

describe('parseSafeUrl policy', () => {
  const cases: Array<[string, Parameters<typeof parseSafeUrl>[1], UnsafeUrlReason]> = [
    ['http://example.com/', {}, 'scheme'],
    ['https://example.com:8443/', { allowedPorts: [443] }, 'port'],
    ['http://example.com/', { allowHttp: true, allowedPorts: [443] }, 'port'],
    ['https://example.com:65535/', { allowedPorts: [443, 8443] }, 'port'],
    ['https://:pw@example.com/', {}, 'credentials'],
  ];

  it.each(cases)('refuses %s with %o as %s', (url, options, reason) => {
    expect(() => parseSafeUrl(url, options)).toThrow(expect.objectContaining({ reason }));
  });

  it('lets a test allow-list open exactly one host:port', () => {
    const options = { allowHttp: true, allowPrivateForTests: ['127.0.0.1:4010', '[::1]:4011', 'LocalHost:4012'] };
    expect(parseSafeUrl('http://127.0.0.1:4010/x', options).port).toBe('4010');
    expect(parseSafeUrl('http://[::1]:4011/', options).hostname).toBe('[::1]');
    expect(parseSafeUrl('http://localhost:4012/', options).hostname).toBe('localhost');
    expect(() => parseSafeUrl('http://127.0.0.1:4011/', options)).toThrow(UnsafeUrlError);
    expect(() => parseSafeUrl('http://127.0.0.2:4010/', options)).toThrow(UnsafeUrlError);
    expect(() => parseSafeUrl('http://localhost:4010/', options)).toThrow(UnsafeUrlError);
    // The allow-list never waives the scheme or credential checks.
    expect(() => parseSafeUrl('http://u@127.0.0.1:4010/', options)).toThrow(expect.objectContaining({ reason: 'credentials' }));
    expect(() => parseSafeUrl('http://127.0.0.1:4010/', { allowPrivateForTests: ['127.0.0.1:4010'] })).toThrow(
      expect.objectContaining({ reason: 'scheme' }),
    );
  });

  it('rejects malformed allow-list entries with a clear error', () => {
    for (const entry of ['127.0.0.1', 'http://127.0.0.1:80', '127.0.0.1:0', '127.0.0.1:99999', '::1:80', 'a b:80']) {
      expect(() => parseSafeUrl('https://example.com/', { allowPrivateForTests: [entry] }), entry).toThrow(TypeError);
    }
  });
});
