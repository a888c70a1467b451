import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { z } from 'zod';
import { signChatwootWebhook } from '../chatwoot-signature';
import { fakeRequestSchemas } from './fake-chatwoot-requests';

type Status = 'open' | 'resolved' | 'pending' | 'snoozed';
type Sender = { id: number; name: string; type: 'user' | 'contact' | 'agent_bot'; email?: string } | null;
interface Inbox { id: number; name: string; channel_type: string; webhook_url: string | null }
interface Contact { id: number; name: string; identifier: string | null; phone_number: string | null }
interface ContactInbox { id: number; contact_id: number; inbox_id: number; source_id: string }
interface Conversation { id: number; inbox_id: number; contact_id: number; contact_inbox_id: number; status: Status; assignee_id: number | null; updated_at: number }
/** A file attached to a message: uploaded through `attachments[]`, or attached by an agent in the UI. */
export interface FakeAttachment { id: number; file_type: 'image' | 'audio' | 'video' | 'file'; content_type: string; filename: string; bytes: Buffer; data_url: string }
export interface FakeMessage {
  id: number; conversation_id: number; content: string; message_type: 'incoming' | 'outgoing' | 'activity'; private: boolean; status: string;
  sender: Sender; created_at: number; external_error?: string; attachments: FakeAttachment[];
}
export interface FakeRequest { method: string; path: string; body: unknown; status: number }
export interface FakeDelivery { id: string; body: string; headers: Record<string, string>; status: number | null; error?: string }

const MESSAGE_TYPE_INT = { incoming: 0, outgoing: 1, activity: 2 } as const;
const API_USER = { id: 1, name: 'Switchboard API', type: 'user' as const, email: 'api@switchboard.local' };

export interface FakeChatwootOptions {
  accountId?: number;
  accessToken?: string;
  /** Signs webhooks like Chatwoot 4.x when set. */
  webhookSecret?: string;
  /** Larger uploads get Chatwoot's 422 (its default limit is 40 MB). */
  maxUploadBytes?: number;
  /** Where webhooks of inboxes without their own webhook_url go. */
  accountWebhookUrl?: string;
  port?: number;
}

/**
 * A fake Chatwoot on a real port: the Application API paths a mirror uses, checked against Chatwoot's
 * field names (strict zod, reference §4.2), with Chatwoot's own rules where they matter (unique
 * identifier per account, unique source_id per inbox, `incoming` only in API inboxes), and webhooks
 * shaped like Chatwoot's (reference §4.4, §4.6) for messages, status and assignee changes — including
 * the echoes of what our API calls created. `down()`/`up()` take it off and back on the same port.
 */
/** A file part of a multipart request. */
interface Upload { content_type: string; filename: string; bytes: Buffer }

/**
 * Reads a multipart create-message body the way Rails does: text fields become the body (`private`
 * as a boolean), files must come as `attachments[]` parts with a content type and a name.
 */
async function readMultipart(raw: Buffer, contentType: string): Promise<{ body: Record<string, unknown>; uploads: Upload[] } | { error: string }> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    return { error: `malformed multipart body: ${(error as Error).message}` };
  }
  const body: Record<string, unknown> = {};
  const uploads: Upload[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      if (name === 'attachments[]' || name === 'attachments') return { error: `${name} must be a file part` };
      body[name] = name === 'private' ? value === 'true' : value;
      continue;
    }
    if (name !== 'attachments[]') return { error: `file part ${name}: Chatwoot reads uploads from attachments[]` };
    if (!value.type) return { error: 'attachments[] part without a content type' };
    if (!value.name) return { error: 'attachments[] part without a filename' };
    uploads.push({ content_type: value.type, filename: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  if (!uploads.length) return { error: 'multipart body without attachments[]' };
  return { body, uploads };
}

export async function startFakeChatwoot(options: FakeChatwootOptions = {}) {
  const accountId = options.accountId ?? 7;
  const accessToken = options.accessToken ?? 'cw-test-token';
  let seq = 100;
  const next = () => ++seq;
  const inboxes: Inbox[] = [];
  const contacts: Contact[] = [];
  const contactInboxes: ContactInbox[] = [];
  const conversations: Conversation[] = [];
  const messages: FakeMessage[] = [];
  const requests: FakeRequest[] = [];
  const violations: string[] = [];
  const deliveries: FakeDelivery[] = [];
  const pendingDeliveries = new Set<Promise<void>>();
  let throttle: { remaining: number; retryAfter: string } | null = null;
  let webhookSecret = options.webhookSecret;
  let maxUploadBytes = options.maxUploadBytes ?? 40 * 1024 * 1024;
  let held: { url: string; raw: string }[] | null = null;
  let publicUrl = () => '';
  let lastInstant = 0;
  /** Unix seconds with microseconds, strictly increasing (Chatwoot's `updated_at.to_f`). */
  const instant = () => (lastInstant = Math.max(Date.now() / 1000, lastInstant + 0.000001));

  const contactJson = (c: Contact) => ({
    id: c.id, name: c.name, identifier: c.identifier, phone_number: c.phone_number,
    contact_inboxes: contactInboxes.filter((ci) => ci.contact_id === c.id).map((ci) => contactInboxJson(ci)),
  });
  const inboxJson = (i: Inbox) => ({ id: i.id, name: i.name, channel_type: i.channel_type });
  const contactInboxJson = (ci: ContactInbox) => ({ source_id: ci.source_id, inbox: inboxJson(inboxes.find((i) => i.id === ci.inbox_id)!) });
  const conversationJson = (c: Conversation) => ({
    id: c.id, inbox_id: c.inbox_id, status: c.status, channel: 'Channel::Api',
    contact_inbox: { source_id: contactInboxes.find((ci) => ci.id === c.contact_inbox_id)?.source_id },
    meta: { sender: { ...contactJson(contacts.find((x) => x.id === c.contact_id)!), type: 'contact' }, assignee: c.assignee_id === null ? null : { id: c.assignee_id, type: 'user' } },
    labels: [], custom_attributes: {}, timestamp: Math.floor(c.updated_at), updated_at: c.updated_at,
  });
  // Chatwoot's attachment push_event_data.
  const attachmentJson = (a: FakeAttachment, messageId: number) => ({
    id: a.id, message_id: messageId, file_type: a.file_type, account_id: accountId, extension: null, data_url: a.data_url, thumb_url: a.data_url, file_size: a.bytes.length,
  });
  const messageRestJson = (m: FakeMessage) => ({
    id: m.id, content: m.content, message_type: MESSAGE_TYPE_INT[m.message_type], private: m.private, status: m.status,
    created_at: Math.floor(m.created_at), conversation_id: m.conversation_id, sender: m.sender,
    ...(m.attachments.length ? { attachments: m.attachments.map((a) => attachmentJson(a, m.id)) } : {}),
  });
  const fileTypeOf = (contentType: string): FakeAttachment['file_type'] =>
    contentType.startsWith('image/') ? 'image' : contentType.startsWith('audio/') ? 'audio' : contentType.startsWith('video/') ? 'video' : 'file';
  function attachment(input: { content_type: string; filename: string; bytes: Buffer }): FakeAttachment {
    const id = next();
    return { id, file_type: fileTypeOf(input.content_type), ...input, data_url: `${publicUrl()}/rails/active_storage/blobs/${id}/${encodeURIComponent(input.filename)}` };
  }

  function emit(inboxId: number, body: Record<string, unknown>) {
    const inbox = inboxes.find((i) => i.id === inboxId);
    const url = inbox?.webhook_url ?? options.accountWebhookUrl;
    if (!url) return;
    if (held) held.push({ url, raw: JSON.stringify(body) });
    else sendDelivery(url, randomUUID(), JSON.stringify(body));
  }

  function sendDelivery(url: string, deliveryId: string, raw: string, overrides: Record<string, string> = {}) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-chatwoot-delivery': deliveryId };
    if (webhookSecret) {
      headers['x-chatwoot-timestamp'] = timestamp;
      headers['x-chatwoot-signature'] = signChatwootWebhook(webhookSecret, timestamp, raw);
    }
    Object.assign(headers, overrides);
    const record: FakeDelivery = { id: deliveryId, body: raw, headers, status: null };
    deliveries.push(record);
    const task = fetch(url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(5_000) })
      .then(async (r) => {
        record.status = r.status;
        await r.text().catch(() => '');
      })
      .catch((error: Error) => {
        // Chatwoot does not retry failed webhooks (reference §4.6).
        record.error = error.message;
      })
      .finally(() => pendingDeliveries.delete(task));
    pendingDeliveries.add(task);
    return task;
  }

  function messageWebhook(m: FakeMessage) {
    const conversation = conversations.find((c) => c.id === m.conversation_id)!;
    emit(conversation.inbox_id, {
      event: 'message_created', id: m.id, content: m.content, message_type: m.message_type, content_type: 'text', private: m.private,
      source_id: null, content_attributes: {}, created_at: new Date(m.created_at * 1000).toISOString(), sender: m.sender,
      inbox: { id: conversation.inbox_id, name: inboxes.find((i) => i.id === conversation.inbox_id)?.name },
      account: { id: accountId, name: 'Fake account' },
      conversation: { ...conversationJson(conversation), messages: [messageRestJson(m)] },
      attachments: m.attachments.map((a) => attachmentJson(a, m.id)),
    });
  }

  function addMessage(conversation: Conversation, input: Omit<FakeMessage, 'id' | 'conversation_id' | 'status' | 'created_at' | 'attachments'> & { attachments?: FakeAttachment[] }): FakeMessage {
    const m: FakeMessage = { id: next(), conversation_id: conversation.id, status: 'sent', created_at: instant(), attachments: [], ...input };
    messages.push(m);
    messageWebhook(m);
    return m;
  }

  function changeStatus(conversation: Conversation, to: Status) {
    const from = conversation.status;
    if (from === to) return;
    conversation.status = to;
    conversation.updated_at = instant();
    emit(conversation.inbox_id, {
      event: 'conversation_status_changed', ...conversationJson(conversation),
      changed_attributes: [{ status: { previous_value: from, current_value: to } }],
    });
  }

  function changeAssignee(conversation: Conversation, to: number | null) {
    const from = conversation.assignee_id;
    conversation.assignee_id = to;
    conversation.updated_at = instant();
    emit(conversation.inbox_id, { event: 'conversation_updated', ...conversationJson(conversation), changed_attributes: [{ assignee_id: { previous_value: from, current_value: to } }] });
  }

  type Reply = [number, unknown];
  const notFound: Reply = [404, { error: 'Resource could not be found' }];
  function parse<S extends z.ZodType>(name: keyof typeof fakeRequestSchemas, schema: S, body: unknown): z.infer<S> | Reply {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    violations.push(`${name}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
    return [422, { message: `${name}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}` }];
  }
  const isReply = (v: unknown): v is Reply => Array.isArray(v) && typeof v[0] === 'number';

  function route(method: string, path: string, query: URLSearchParams, body: unknown, uploads: Upload[] = []): Reply {
    const s = fakeRequestSchemas;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/inboxes') return [200, { payload: inboxes.map(inboxJson) }];
    if (method === 'POST' && path === '/inboxes') {
      const input = parse('createInbox', s.createInbox, body);
      if (isReply(input)) return input;
      const inbox: Inbox = { id: next(), name: input.name, channel_type: 'Channel::Api', webhook_url: input.channel.webhook_url ?? null };
      inboxes.push(inbox);
      return [200, inboxJson(inbox)];
    }
    if (method === 'GET' && path === '/contacts/search') {
      const q = (query.get('q') ?? '').toLowerCase();
      const found = contacts.filter((c) => [c.name, c.identifier, c.phone_number].some((v) => v?.toLowerCase().includes(q)));
      return [200, { payload: found.slice(0, 15).map(contactJson), meta: { count: found.length } }];
    }
    if (method === 'POST' && path === '/contacts') {
      const input = parse('createContact', s.createContact, body);
      if (isReply(input)) return input;
      const inbox = inboxes.find((i) => i.id === input.inbox_id);
      if (!inbox) return notFound;
      if (input.identifier && contacts.some((c) => c.identifier === input.identifier)) return [422, { message: 'Identifier has already been taken' }];
      if (input.source_id && contactInboxes.some((ci) => ci.inbox_id === inbox.id && ci.source_id === input.source_id)) return [422, { message: 'Source has already been taken' }];
      const contact: Contact = { id: next(), name: input.name ?? '', identifier: input.identifier ?? null, phone_number: input.phone_number ?? null };
      contacts.push(contact);
      const ci: ContactInbox = { id: next(), contact_id: contact.id, inbox_id: inbox.id, source_id: input.source_id ?? randomUUID() };
      contactInboxes.push(ci);
      return [200, { payload: { contact: contactJson(contact), contact_inbox: contactInboxJson(ci) } }];
    }
    if ((m = path.match(/^\/contacts\/(\d+)$/)) && method === 'PUT') {
      const input = parse('updateContact', s.updateContact, body);
      if (isReply(input)) return input;
      const contact = contacts.find((c) => c.id === Number(m![1]));
      if (!contact) return notFound;
      if (input.name !== undefined) contact.name = input.name;
      return [200, { payload: contactJson(contact) }];
    }
    if ((m = path.match(/^\/contacts\/(\d+)\/contact_inboxes$/)) && method === 'POST') {
      const input = parse('createContactInbox', s.createContactInbox, body);
      if (isReply(input)) return input;
      const contact = contacts.find((c) => c.id === Number(m![1]));
      const inbox = inboxes.find((i) => i.id === input.inbox_id);
      if (!contact || !inbox) return notFound;
      if (input.source_id && contactInboxes.some((ci) => ci.inbox_id === inbox.id && ci.source_id === input.source_id)) return [422, { message: 'Source has already been taken' }];
      const ci: ContactInbox = { id: next(), contact_id: contact.id, inbox_id: inbox.id, source_id: input.source_id ?? randomUUID() };
      contactInboxes.push(ci);
      return [200, contactInboxJson(ci)];
    }
    if (method === 'POST' && path === '/conversations') {
      const input = parse('createConversation', s.createConversation, body);
      if (isReply(input)) return input;
      const ci = contactInboxes.find((x) => x.inbox_id === input.inbox_id && x.source_id === input.source_id);
      if (!ci) return [422, { message: 'Contact inbox not found for source_id' }];
      const conversation: Conversation = { id: next(), inbox_id: input.inbox_id, contact_id: ci.contact_id, contact_inbox_id: ci.id, status: input.status ?? 'open', assignee_id: null, updated_at: instant() };
      conversations.push(conversation);
      return [200, conversationJson(conversation)];
    }
    const c = path.match(/^\/conversations\/(\d+)(\/.*)?$/);
    if (!c) return notFound;
    const conversation = conversations.find((x) => x.id === Number(c[1]));
    if (!conversation) return notFound;
    const rest = c[2] ?? '';
    if (method === 'GET' && rest === '') return [200, conversationJson(conversation)];
    if (method === 'GET' && rest === '/messages') return [200, { meta: {}, payload: messages.filter((x) => x.conversation_id === conversation.id).map(messageRestJson) }];
    if (method === 'POST' && rest === '/messages') {
      const input = parse('createMessage', s.createMessage, body);
      if (isReply(input)) return input;
      const type = input.message_type ?? 'outgoing';
      const inbox = inboxes.find((i) => i.id === conversation.inbox_id);
      if (type === 'incoming' && inbox?.channel_type !== 'Channel::Api') return [422, { message: 'Incoming messages are only allowed in Api inboxes' }];
      if (uploads.some((u) => u.bytes.length > maxUploadBytes)) return [422, { message: 'Validation failed: Attachments file size is too big' }];
      const contact = contacts.find((c) => c.id === conversation.contact_id)!;
      const created = addMessage(conversation, {
        content: input.content, message_type: type, private: input.private ?? false,
        sender: type === 'incoming' ? { id: contact.id, name: contact.name, type: 'contact' } : API_USER,
        attachments: uploads.map(attachment),
      });
      return [200, messageRestJson(created)];
    }
    if ((m = rest.match(/^\/messages\/(\d+)$/)) && method === 'PATCH') {
      const input = parse('updateMessage', s.updateMessage, body);
      if (isReply(input)) return input;
      const message = messages.find((x) => x.id === Number(m![1]) && x.conversation_id === conversation.id);
      if (!message) return notFound;
      message.status = input.status;
      if (input.external_error) message.external_error = input.external_error;
      return [200, messageRestJson(message)];
    }
    if (method === 'POST' && rest === '/toggle_status') {
      const input = parse('toggleStatus', s.toggleStatus, body);
      if (isReply(input)) return input;
      changeStatus(conversation, input.status);
      return [200, { meta: {}, payload: { success: true, current_status: conversation.status, conversation_id: conversation.id } }];
    }
    if (method === 'POST' && rest === '/assignments') {
      const input = parse('assignment', s.assignment, body);
      if (isReply(input)) return input;
      if ('assignee_id' in input) changeAssignee(conversation, input.assignee_id);
      const assignee = 'assignee_id' in input ? input.assignee_id : null;
      return [200, assignee === null ? null : { id: assignee, name: 'Agent', type: 'user' }];
    }
    return notFound;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    const prefix = `/api/v1/accounts/${accountId}`;
    const blob = url.pathname.match(/^\/rails\/active_storage\/blobs\/(\d+)\//);
    if (req.method === 'GET' && blob) {
      const file = messages.flatMap((m) => m.attachments).find((a) => a.id === Number(blob[1]));
      if (!file) return send(404, { error: 'not found' });
      res.writeHead(200, { 'content-type': file.content_type, 'content-length': String(file.bytes.length) }).end(file.bytes);
      return;
    }
    let body: unknown = undefined;
    let uploads: Upload[] = [];
    const contentType = String(req.headers['content-type'] ?? '');
    if (chunks.length && contentType.startsWith('multipart/form-data')) {
      const form = await readMultipart(Buffer.concat(chunks), contentType);
      if ('error' in form) {
        violations.push(`${url.pathname.slice(prefix.length)}: ${form.error}`);
        return send(422, { message: form.error });
      }
      ({ body, uploads } = form);
    } else if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { message: 'malformed JSON' });
      }
    }
    const record: FakeRequest = { method: req.method ?? 'GET', path: url.pathname.slice(prefix.length), body, status: 0 };
    requests.push(record);
    if (!url.pathname.startsWith(`${prefix}/`)) {
      record.status = 404;
      return send(404, { error: 'Resource could not be found' });
    }
    if (req.headers.api_access_token !== accessToken) {
      if (req.headers.authorization) violations.push('auth: sent Authorization instead of api_access_token');
      record.status = 401;
      return send(401, { errors: ['You need to sign in or sign up before continuing.'] });
    }
    if (throttle && throttle.remaining > 0) {
      throttle.remaining -= 1;
      record.status = 429;
      return send(429, { error: 'Throttled' }, { 'retry-after': throttle.retryAfter });
    }
    if (body !== undefined && !uploads.length && !contentType.includes('application/json')) violations.push(`${record.path}: body without Content-Type application/json`);
    if (uploads.length && !(record.method === 'POST' && /^\/conversations\/\d+\/messages$/.test(record.path))) violations.push(`${record.path}: multipart upload where Chatwoot takes none`);
    const [status, out] = route(record.method, record.path, url.searchParams, body ?? {}, uploads);
    record.status = status;
    send(status, out);
  }

  let server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  publicUrl = () => `http://127.0.0.1:${port}`;
  const sockets = new Set<Socket>();
  const track = (s: Server) => s.on('connection', (socket) => (sockets.add(socket), socket.on('close', () => sockets.delete(socket))));
  track(server);

  const conversationOf = (id: number | string) => {
    const conversation = conversations.find((c) => c.id === Number(id));
    if (!conversation) throw new Error(`fake chatwoot: no conversation ${id}`);
    return conversation;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    accountId,
    accessToken,
    /** Creates an API-channel inbox directly (as an admin would in the UI). */
    addInbox(name: string, webhookUrl: string | null = null): number {
      const inbox: Inbox = { id: next(), name, channel_type: 'Channel::Api', webhook_url: webhookUrl };
      inboxes.push(inbox);
      return inbox.id;
    },
    setInboxWebhookUrl(inboxId: number, url: string) {
      const inbox = inboxes.find((i) => i.id === inboxId);
      if (inbox) inbox.webhook_url = url;
    },
    setMaxUploadBytes(bytes: number) {
      maxUploadBytes = bytes;
    },
    setWebhookSecret(secret: string | undefined) {
      webhookSecret = secret;
    },
    state: { inboxes, contacts, contactInboxes, conversations, messages },
    requests,
    violations,
    deliveries,
    /** The next `count` API calls get 429 with this retry-after (seconds). */
    throttleNext(count: number, retryAfterSeconds: number) {
      throttle = { remaining: count, retryAfter: String(retryAfterSeconds) };
    },
    /** A human agent posts in the conversation (public reply by default). */
    agentReply(
      conversationId: number | string, content: string,
      opts: { private?: boolean; senderType?: 'user' | 'agent_bot'; activity?: boolean; attachments?: { content_type: string; filename: string; bytes: Buffer }[] } = {},
    ): FakeMessage {
      const conversation = conversationOf(conversationId);
      return addMessage(conversation, {
        attachments: (opts.attachments ?? []).map(attachment),
        content, message_type: opts.activity ? 'activity' : 'outgoing', private: opts.private ?? false,
        sender: opts.activity ? null : opts.senderType === 'agent_bot' ? { id: 3, name: 'Some bot', type: 'agent_bot' } : { id: 2, name: 'Alice Agent', type: 'user', email: 'alice@acme.test' },
      });
    },
    /** An agent changes the status in Chatwoot's UI. */
    agentSetStatus(conversationId: number | string, status: Status) {
      changeStatus(conversationOf(conversationId), status);
    },
    /** An agent (or rule) assigns the conversation. */
    agentAssign(conversationId: number | string, assigneeId: number | null) {
      changeAssignee(conversationOf(conversationId), assigneeId);
    },
    /** Keeps webhooks back instead of sending them, until `releaseWebhooks`. */
    holdWebhooks() {
      held ??= [];
    },
    /**
     * Sends the webhooks held back one after the other (each answered before the next), in the order
     * they happened or reversed: Chatwoot does not promise an order. Resolves to how many were sent.
     */
    async releaseWebhooks(opts: { reverse?: boolean } = {}): Promise<number> {
      const list = held ?? [];
      held = null;
      for (const d of opts.reverse ? [...list].reverse() : list) await sendDelivery(d.url, randomUUID(), d.raw);
      return list.length;
    },
    /** Sends one raw delivery (for signature and dedup tests). */
    deliver(url: string, body: unknown, opts: { deliveryId?: string; headers?: Record<string, string> } = {}) {
      sendDelivery(url, opts.deliveryId ?? randomUUID(), JSON.stringify(body), opts.headers ?? {});
    },
    /** Resends an earlier delivery with its X-Chatwoot-Delivery id (re-signed now). */
    redeliver(delivery: FakeDelivery, url: string) {
      sendDelivery(url, delivery.id, delivery.body);
    },
    async flushWebhooks(): Promise<void> {
      while (pendingDeliveries.size) await Promise.allSettled([...pendingDeliveries]);
    },
    /** Stops answering: connections are refused until `up()`. */
    async down() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    async up() {
      server = createServer((req, res) => void handle(req, res));
      track(server);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      await this.flushWebhooks();
      if (server.listening) await this.down();
    },
  };
}

/** A running fake Chatwoot. */
export type FakeChatwoot = Awaited<ReturnType<typeof startFakeChatwoot>>;
