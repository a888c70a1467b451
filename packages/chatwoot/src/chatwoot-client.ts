import { CrmSyncError } from '@switchboard/crm';
import { z } from 'zod';
import {
  chatwootContactInboxSchema,
  chatwootContactSchema,
  chatwootConversationSchema,
  chatwootInboxSchema,
  chatwootMessageSchema,
  createContactResponseSchema,
  listInboxesResponseSchema,
  listMessagesResponseSchema,
  searchContactsResponseSchema,
  toggleStatusResponseSchema,
  type ChatwootContact,
  type ChatwootContactInbox,
  type ChatwootConversation,
  type ChatwootInbox,
  type ChatwootMessage,
} from './chatwoot-schemas';

export interface ChatwootClientOptions {
  /** e.g. `https://chat.example.com` (no trailing `/api`). */
  baseUrl: string;
  accountId: number;
  /** A user's or agent bot's access token, sent as the `api_access_token` header. */
  accessToken: string;
  fetch?: typeof fetch;
  /** Per request; a slower Chatwoot counts as unavailable. */
  timeoutMs?: number;
  /** A 429 whose retry-after is at most this long is waited out here; a longer one is thrown as `rate_limited`. */
  maxInlineRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY_AFTER_MS = 60_000;

/** Parses a retry-after header (seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A typed client for the parts of Chatwoot's Application API a mirror uses (reference §4.2). */
export function createChatwootClient(options: ChatwootClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxInline = options.maxInlineRetryAfterMs ?? 2_000;
  const base = `${options.baseUrl.replace(/\/+$/, '')}/api/v1/accounts/${options.accountId}`;

  // A FormData body is sent as multipart (fetch sets the boundary); anything else as JSON.
  async function request<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    const multipart = body instanceof FormData;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(`${base}${path}`, {
          method,
          headers: { api_access_token: options.accessToken, accept: 'application/json', ...(body === undefined || multipart ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: multipart ? body : JSON.stringify(body) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new CrmSyncError('unavailable', `Chatwoot ${method} ${path} failed: ${(error as Error).message}`, { cause: error });
      }
      const text = await response.text().catch(() => '');
      if (response.status === 429) {
        const wait = parseRetryAfter(response.headers.get('retry-after')) ?? DEFAULT_RETRY_AFTER_MS;
        if (wait <= maxInline && attempt < 3) {
          await sleep(wait);
          continue;
        }
        throw new CrmSyncError('rate_limited', `Chatwoot throttled ${method} ${path}`, { status: 429, retryAfterMs: wait });
      }
      if (!response.ok) throw errorFor(method, path, response.status, text);
      let json: unknown;
      try {
        json = text === '' ? {} : JSON.parse(text);
      } catch {
        throw new CrmSyncError('unavailable', `Chatwoot ${method} ${path} answered ${response.status} with a body that is not JSON`, { status: response.status });
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new CrmSyncError('rejected', `Chatwoot ${method} ${path} answered an unexpected shape: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`, { status: response.status });
      }
      return parsed.data;
    }
  }

  return {
    /** `GET /inboxes`: also proves the token and account id. */
    async listInboxes(): Promise<ChatwootInbox[]> {
      return (await request('GET', '/inboxes', listInboxesResponseSchema)).payload;
    },
    /** `POST /inboxes` for an API channel whose agent replies go to `webhookUrl`. */
    async createApiInbox(input: { name: string; webhookUrl: string | null }): Promise<ChatwootInbox> {
      return request('POST', '/inboxes', chatwootInboxSchema, { name: input.name, channel: { type: 'api', ...(input.webhookUrl ? { webhook_url: input.webhookUrl } : {}) } });
    },
    /** `GET /contacts/search?q=`: first page only (15 rows), enough for an exact identifier. */
    async searchContacts(q: string): Promise<ChatwootContact[]> {
      return (await request('GET', `/contacts/search?q=${encodeURIComponent(q)}&page=1`, searchContactsResponseSchema)).payload;
    },
    /** `POST /contacts` with `inbox_id`, which also creates the contact inbox. */
    async createContact(input: { inboxId: number; name: string; identifier: string; sourceId?: string; phoneNumber?: string; customAttributes?: Record<string, unknown> }) {
      // Chatwoot's contacts controller hands `source_id` to its contact-inbox builder; when a version
      // ignores it the inbox link gets a random one and the adapter links our id explicitly.
      const body = {
        inbox_id: input.inboxId,
        ...(input.sourceId ? { source_id: input.sourceId } : {}),
        name: input.name,
        identifier: input.identifier,
        ...(input.phoneNumber ? { phone_number: input.phoneNumber } : {}),
        ...(input.customAttributes ? { custom_attributes: input.customAttributes } : {}),
      };
      return (await request('POST', '/contacts', createContactResponseSchema, body)).payload;
    },
    /** `PUT /contacts/{id}`. */
    async updateContact(contactId: number, input: { name: string }): Promise<void> {
      await request('PUT', `/contacts/${contactId}`, z.object({ payload: chatwootContactSchema }).or(chatwootContactSchema), { name: input.name });
    },
    /** `POST /contacts/{id}/contact_inboxes` with our stable `source_id`. */
    async createContactInbox(contactId: number, input: { inboxId: number; sourceId: string }): Promise<ChatwootContactInbox> {
      return request('POST', `/contacts/${contactId}/contact_inboxes`, chatwootContactInboxSchema, { inbox_id: input.inboxId, source_id: input.sourceId });
    },
    /** `POST /conversations`. */
    async createConversation(input: { sourceId: string; inboxId: number; contactId: number; status?: 'open' | 'resolved' | 'pending' }): Promise<ChatwootConversation> {
      return request('POST', '/conversations', chatwootConversationSchema, {
        source_id: input.sourceId, inbox_id: input.inboxId, contact_id: input.contactId, ...(input.status ? { status: input.status } : {}),
      });
    },
    /** `GET /conversations/{id}`. */
    async getConversation(conversationId: number): Promise<ChatwootConversation> {
      return request('GET', `/conversations/${conversationId}`, chatwootConversationSchema);
    },
    /** `GET /conversations/{id}/messages` (the latest page). */
    async listMessages(conversationId: number): Promise<ChatwootMessage[]> {
      return (await request('GET', `/conversations/${conversationId}/messages`, listMessagesResponseSchema)).payload;
    },
    /**
     * `POST /conversations/{id}/messages`; `incoming` only works in API inboxes. With attachments the
     * body is `multipart/form-data` with one `attachments[]` file part each (how Chatwoot takes uploads).
     */
    async createMessage(
      conversationId: number,
      input: { content: string; messageType: 'incoming' | 'outgoing'; private?: boolean; attachments?: ChatwootUpload[] },
    ): Promise<ChatwootMessage> {
      const path = `/conversations/${conversationId}/messages`;
      if (input.attachments?.length) {
        const form = new FormData();
        form.set('content', input.content);
        form.set('message_type', input.messageType);
        form.set('private', String(input.private ?? false));
        for (const file of input.attachments) form.append('attachments[]', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.filename);
        return request('POST', path, chatwootMessageSchema, form);
      }
      return request('POST', path, chatwootMessageSchema, { content: input.content, message_type: input.messageType, private: input.private ?? false });
    },
    /** `PATCH /conversations/{id}/messages/{message_id}` (API inboxes, newer Chatwoot). */
    async updateMessageStatus(conversationId: number, messageId: number, input: { status: 'sent' | 'delivered' | 'read' | 'failed'; externalError?: string }): Promise<void> {
      await request('PATCH', `/conversations/${conversationId}/messages/${messageId}`, chatwootMessageSchema, {
        status: input.status, ...(input.externalError ? { external_error: input.externalError } : {}),
      });
    },
    /** `POST /conversations/{id}/toggle_status`. */
    async toggleStatus(conversationId: number, status: 'open' | 'resolved' | 'pending'): Promise<void> {
      await request('POST', `/conversations/${conversationId}/toggle_status`, toggleStatusResponseSchema, { status });
    },
    /** `POST /conversations/{id}/assignments`. */
    async assign(conversationId: number, input: { assigneeId: number }): Promise<void> {
      await request('POST', `/conversations/${conversationId}/assignments`, chatwootAssigneeResponseSchema, { assignee_id: input.assigneeId });
    },
  };
}

/** A file to upload with a message. */
export interface ChatwootUpload {
  bytes: Uint8Array;
  contentType: string;
  filename: string;
}

/** The client `createChatwootClient` returns. */
export type ChatwootClient = ReturnType<typeof createChatwootClient>;

// `POST /assignments` answers the assignee (a user, or null when unassigned).
const chatwootAssigneeResponseSchema = z.object({ id: z.number().int() }).loose().nullable();

function errorFor(method: string, path: string, status: number, text: string): CrmSyncError {
  // Only Chatwoot's own JSON error text is repeated (it reaches dead letters and the dashboard): a
  // base URL pointed at something that is not Chatwoot must not have its pages echoed back.
  let detail = 'no Chatwoot error message';
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = body.message ?? body.error;
    if (message !== undefined) detail = (typeof message === 'string' ? message : JSON.stringify(message)).slice(0, 200);
  } catch {
    // Not JSON.
  }
  const message = `Chatwoot ${method} ${path} answered ${status}: ${detail}`;
  if (status === 401) return new CrmSyncError('unauthorized', message, { status });
  if (status === 404) return new CrmSyncError('not_found', message, { status });
  if (status >= 500 || status === 408) return new CrmSyncError('unavailable', message, { status });
  return new CrmSyncError('rejected', message, { status });
}
