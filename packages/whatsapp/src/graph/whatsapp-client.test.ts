import { describe, expect, it } from 'vitest';
import { MessageValidationError } from '../outgoing/message-validation-error';
import { GraphApiError, GraphTransportError } from './graph-api-error';
import { templatePlaceholders } from './message-template';
import { createWhatsAppClient } from './whatsapp-client';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(respond: (call: Call, signal?: AbortSignal | null) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
    const call = { url: String(input), method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, body };
    calls.push(call);
    return respond(call, init?.signal);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function client(fetch: typeof globalThis.fetch, timeoutMs = 1000) {
  return createWhatsAppClient({
    baseUrl: 'https://graph.test/',
    apiVersion: 'v26.0',
    accessToken: 'T',
    phoneNumberId: '106540352242922',
    fetch,
    timeoutMs,
  });
}

const sent = {
  messaging_product: 'whatsapp',
  contacts: [{ input: '+16505551234', wa_id: '16505551234' }],
  messages: [{ id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA', message_status: 'accepted' }],
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('sendMessage (golden case 10)', () => {
  it('posts the text message with the bearer token and returns the wamid', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, sent));
    const result = await client(fetch).sendMessage({ to: '+16505551234', type: 'text', text: { body: 'hi' } });
    expect(calls).toEqual([
      {
        url: 'https://graph.test/v26.0/106540352242922/messages',
        method: 'POST',
        headers: { authorization: 'Bearer T', 'content-type': 'application/json' },
        body: { messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'hi' } },
      },
    ]);
    expect(result).toEqual({
      wamid: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA',
      waId: '16505551234',
      input: '+16505551234',
      messageStatus: 'accepted',
    });
  });

  it('sends to a BSUID and returns the echoed user id without wa_id', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: 'US.13491208655302741918', user_id: 'US.13491208655302741918' }],
        messages: [{ id: 'wamid.B' }],
      }),
    );
    const result = await client(fetch).sendMessage({ recipient: 'US.13491208655302741918', type: 'text', text: { body: 'hi' } });
    expect(calls[0]?.body).toMatchObject({ recipient: 'US.13491208655302741918' });
    expect(result).toEqual({ wamid: 'wamid.B', input: 'US.13491208655302741918', userId: 'US.13491208655302741918' });
  });

  it('validates before sending and names the field', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, sent));
    const error = await rejection(
      client(fetch).sendMessage({ to: '16505551234', type: 'text', text: { body: 'x'.repeat(4097) } }),
    );
    expect(error).toBeInstanceOf(MessageValidationError);
    expect((error as MessageValidationError).issues).toEqual([{ path: 'text.body', message: 'must be at most 4096 characters' }]);
    expect(calls).toHaveLength(0);
  });

  it('throws a permanent GraphApiError for an expired token (401, code 190)', async () => {
    const { fetch } = fakeFetch(() =>
      json(401, {
        error: {
          message: 'Error validating access token: Session has expired.',
          type: 'OAuthException',
          code: 190,
          error_subcode: 463,
          fbtrace_id: 'AbCd',
        },
      }),
    );
    const error = await rejection(client(fetch).sendMessage({ to: '16505551234', type: 'text', text: { body: 'hi' } }));
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({
      httpStatus: 401,
      code: 190,
      subcode: 463,
      type: 'OAuthException',
      fbtraceId: 'AbCd',
      classification: { kind: 'permanent' },
      ambiguous: false,
    });
  });

  it('golden case 12: a 400 pair-rate error is retry-later for the recipient, with details and Retry-After', async () => {
    const { fetch } = fakeFetch(() =>
      json(
        400,
        {
          error: {
            message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
            type: 'OAuthException',
            code: 131056,
            error_data: {
              messaging_product: 'whatsapp',
              details:
                'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
            },
            fbtrace_id: 'X',
          },
        },
        { 'retry-after': '30' },
      ),
    );
    const error = (await rejection(
      client(fetch).sendMessage({ to: '16505551234', type: 'text', text: { body: 'hi' } }),
    )) as GraphApiError;
    expect(error.code).toBe(131056);
    expect(error.details).toMatch(/too many messages/);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.classification).toEqual({ kind: 'retry_later', scope: 'recipient', delayMs: 30_000 });
  });

  it('reads the wait from x-business-use-case-usage for app throttling', async () => {
    const usage = JSON.stringify({ '102290129340398': [{ type: 'whatsapp', call_count: 100, estimated_time_to_regain_access: 7 }] });
    const { fetch } = fakeFetch(() =>
      json(400, { error: { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4 } }, {
        'x-business-use-case-usage': usage,
      }),
    );
    const error = (await rejection(client(fetch).getMediaUrl('1'))) as GraphApiError;
    expect(error.classification).toEqual({ kind: 'retry_later', scope: 'app', delayMs: 7 * 60_000 });
  });

  it('a gateway 502 without a Graph body is retryable and ambiguous', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    const error = (await rejection(
      client(fetch).sendMessage({ to: '16505551234', type: 'text', text: { body: 'hi' } }),
    )) as GraphApiError;
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ httpStatus: 502, code: undefined, classification: { kind: 'retry' }, ambiguous: true });
  });

  it('accepts a string error_data as details', async () => {
    const { fetch } = fakeFetch(() => json(400, { error: { message: 'bad', type: 'OAuthException', code: 100, error_data: 'plain text' } }));
    const error = (await rejection(client(fetch).deleteMedia('1'))) as GraphApiError;
    expect(error.details).toBe('plain text');
  });
});

describe('transport failures', () => {
  const send = (fetch: typeof globalThis.fetch, timeoutMs?: number) =>
    client(fetch, timeoutMs).sendMessage({ to: '16505551234', type: 'text', text: { body: 'hi' } });

  it('a timeout is a retryable, ambiguous transport error', async () => {
    const { fetch } = fakeFetch(
      (_call, signal) =>
        new Promise<Response>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    const error = await rejection(send(fetch, 20));
    expect(error).toBeInstanceOf(GraphTransportError);
    expect(error).toMatchObject({ failure: 'timeout', ambiguous: true, classification: { kind: 'retry' } });
  });

  it('a refused connection is not ambiguous; a reset connection is', async () => {
    const failWith = (code: string) =>
      fakeFetch(() => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
      }).fetch;
    expect(await rejection(send(failWith('ECONNREFUSED')))).toMatchObject({ failure: 'network', ambiguous: false });
    expect(await rejection(send(failWith('ECONNRESET')))).toMatchObject({ failure: 'network', ambiguous: true });
    expect(await rejection(send(failWith('UND_ERR_SOCKET')))).toMatchObject({ ambiguous: true });
  });

  it('an unreadable 200 answer is ambiguous: Meta may have sent the message', async () => {
    const { fetch } = fakeFetch(() => new Response('not json', { status: 200 }));
    expect(await rejection(send(fetch))).toMatchObject({ failure: 'invalid_response', ambiguous: true, httpStatus: 200 });
  });
});

describe('markRead', () => {
  it('golden case 20: marks read with a typing indicator', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { success: true }));
    expect(await client(fetch).markRead('wamid.A', { typing: true })).toEqual({ success: true });
    expect(calls[0]?.body).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.A',
      typing_indicator: { type: 'text' },
    });
    await client(fetch).markRead('wamid.B');
    expect(calls[1]?.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.B' });
  });
});

describe('media', () => {
  it('uploads as multipart form-data', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { id: '4490709327384033' }));
    const bytes = new TextEncoder().encode('%PDF-1.4');
    expect(await client(fetch).uploadMedia(bytes, 'application/pdf', 'r.pdf')).toEqual({ id: '4490709327384033' });
    const call = calls[0];
    expect(call?.url).toBe('https://graph.test/v26.0/106540352242922/media');
    expect(call?.headers).toEqual({ authorization: 'Bearer T' });
    const form = call?.body as FormData;
    expect(form.get('messaging_product')).toBe('whatsapp');
    expect(form.get('type')).toBe('application/pdf');
    const file = form.get('file') as File;
    expect(file.name).toBe('r.pdf');
    expect(file.type).toBe('application/pdf');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it('gets a media URL with file_size as a number', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json(200, {
        messaging_product: 'whatsapp',
        url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=2621233374848975',
        mime_type: 'image/jpeg',
        sha256: 'abc',
        file_size: '303833',
        id: '2621233374848975',
      }),
    );
    expect(await client(fetch).getMediaUrl('2621233374848975')).toEqual({
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=2621233374848975',
      mimeType: 'image/jpeg',
      sha256: 'abc',
      fileSize: 303833,
      id: '2621233374848975',
    });
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'https://graph.test/v26.0/2621233374848975?phone_number_id=106540352242922' });
  });

  it('an unknown media id is a permanent code 100 error', async () => {
    const { fetch } = fakeFetch(() =>
      json(400, {
        error: {
          message: "Unsupported get request. Object with ID '1' does not exist",
          type: 'GraphMethodException',
          code: 100,
          error_subcode: 33,
          fbtrace_id: 'F',
        },
      }),
    );
    expect(await rejection(client(fetch).getMediaUrl('1'))).toMatchObject({ code: 100, subcode: 33, classification: { kind: 'permanent' } });
  });

  it('downloads with the bearer token and returns bytes and content type', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0x00]);
    const { fetch, calls } = fakeFetch(() => new Response(bytes, { status: 200, headers: { 'content-type': 'image/jpeg' } }));
    const result = await client(fetch).downloadMedia('https://lookaside.fbsbx.com/x?mid=1');
    expect(result).toEqual({ bytes, contentType: 'image/jpeg' });
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'https://lookaside.fbsbx.com/x?mid=1', headers: { authorization: 'Bearer T' } });
  });

  it('refuses a download over maxBytes', async () => {
    const { fetch } = fakeFetch(() => new Response(new Uint8Array(10), { status: 200 }));
    await expect(client(fetch).downloadMedia('https://lookaside.fbsbx.com/x', { maxBytes: 5 })).rejects.toBeInstanceOf(RangeError);
  });

  it('deletes media', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { success: true }));
    expect(await client(fetch).deleteMedia('4490709327384033')).toEqual({ success: true });
    expect(calls[0]).toMatchObject({ method: 'DELETE', url: 'https://graph.test/v26.0/4490709327384033?phone_number_id=106540352242922' });
  });
});

describe('getPhoneNumber', () => {
  it('reads the bound number with the token (the credentials check)', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { id: '106540352242922', display_phone_number: '+1 555-000-1111', verified_name: 'Acme', quality_rating: 'GREEN' }));
    expect(await client(fetch).getPhoneNumber()).toEqual({ id: '106540352242922', displayPhoneNumber: '+1 555-000-1111', verifiedName: 'Acme' });
    expect(calls[0]?.url).toBe('https://graph.test/v26.0/106540352242922?fields=id,display_phone_number,verified_name');
    expect(calls[0]?.method).toBe('GET');
  });

  it("throws Meta's error for a token that cannot use the number", async () => {
    const { fetch } = fakeFetch(() => json(401, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190, fbtrace_id: 'x' } }));
    const error = await client(fetch).getPhoneNumber().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphApiError);
    expect((error as GraphApiError).code).toBe(190);
  });
});

describe('listMessageTemplates', () => {
  // Meta's own example response (OpenAPI v23, getTemplateByNameDefaultFields).
  const page = {
    data: [
      {
        category: 'MARKETING', id: '920070352646140', language: 'en_US', name: '2023_april_promo', status: 'APPROVED',
        components: [
          { format: 'TEXT', text: 'Fall Sale', type: 'HEADER' },
          { example: { body_text: [['Mark', 'FALL25']] }, text: 'Hi {{1}}, our Fall Sale is on! Use promo code {{2}} Get an extra 25% off every order above $350!', type: 'BODY' },
          { buttons: [{ text: 'Stop promotions', type: 'QUICK_REPLY' }], type: 'BUTTONS' },
        ],
      },
    ],
    paging: { cursors: { after: 'MjQZD', before: 'MAZDZD' }, next: 'https://graph.test/v26.0/102290129340398/message_templates?after=MjQZD' },
  };

  it('reads a page of the account’s templates and the cursor of the next one', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, page));
    const result = await client(fetch).listMessageTemplates('102290129340398', { limit: 50, after: 'MAZDZD' });
    expect(calls[0]?.url).toBe('https://graph.test/v26.0/102290129340398/message_templates?limit=50&after=MAZDZD');
    expect(calls[0]?.headers).toMatchObject({ authorization: 'Bearer T' });
    expect(result.after).toBe('MjQZD');
    expect(result.data[0]).toMatchObject({ name: '2023_april_promo', status: 'APPROVED', language: 'en_US' });
    expect(result.data[0]?.components.map((c) => c.type)).toEqual(['HEADER', 'BODY', 'BUTTONS']);
  });

  it('has no next cursor on the last page', async () => {
    const { fetch } = fakeFetch(() => json(200, { ...page, paging: { cursors: page.paging.cursors } }));
    expect((await client(fetch).listMessageTemplates('102290129340398')).after).toBeUndefined();
  });
});

describe('templatePlaceholders', () => {
  it('lists positional placeholders in number order and named ones in order of use', () => {
    expect(templatePlaceholders('Hi {{2}} and {{1}}, again {{2}}')).toEqual(['1', '2']);
    expect(templatePlaceholders('Hi {{first_name}}, about {{ topic }}')).toEqual(['first_name', 'topic']);
    expect(templatePlaceholders('No variables')).toEqual([]);
  });
});
