import type { SafeFetch, SafeHttpMethod } from '@switchboard/safe-http';

// Headers that describe the wire encoding of the body safe-http already read.
const DROPPED_RESPONSE_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding']);

/**
 * A WHATWG `fetch` for the `openai` SDK over the SSRF-guarded client, so a
 * workspace's provider URL cannot reach private addresses. Bodies are
 * buffered (JSON strings, multipart for transcriptions), and so is the
 * response (within the size cap).
 */
export function createProviderFetch(safeFetch: SafeFetch, maxResponseBytes: number): typeof fetch {
  const providerFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    let body: string | Uint8Array | undefined;
    if (typeof init?.body === 'string') {
      body = init.body;
    } else if (init?.body !== undefined && init.body !== null) {
      // Multipart (transcriptions) and other bodies: let the platform serialize them, boundary included.
      const serialized = new Response(init.body);
      body = new Uint8Array(await serialized.arrayBuffer());
      const type = serialized.headers.get('content-type');
      if (type && headers['content-type'] === undefined) headers['content-type'] = type;
    }
    const response = await safeFetch(url, {
      method: (init?.method ?? 'GET').toUpperCase() as SafeHttpMethod,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(init?.signal ? { signal: init.signal } : {}),
      maxResponseBytes,
      onOversize: 'error',
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) if (!DROPPED_RESPONSE_HEADERS.has(name)) responseHeaders.set(name, value);
    const nullBody = response.status === 204 || response.status === 304;
    return new Response(nullBody ? null : new Uint8Array(response.body), { status: response.status, headers: responseHeaders });
  };
  return providerFetch as typeof fetch;
}
