import { z } from 'zod';
import { markReadRequestSchema, type MarkReadRequest } from '../outgoing/mark-read-request';
import { MessageValidationError, toValidationIssues } from '../outgoing/message-validation-error';
import { outgoingMessageSchema, type OutgoingMessageInput } from '../outgoing/outgoing-message';
import { graphCall, parseGraphJson, type GraphTransport } from './graph-request';
import { messageTemplatePageSchema, type MessageTemplate } from './message-template';

export interface WhatsAppClientConfig {
  /** Graph origin, e.g. `https://graph.facebook.com` or the sandbox URL. */
  baseUrl?: string;
  /** Graph version path segment, e.g. `v24.0`. */
  apiVersion?: string;
  accessToken: string;
  phoneNumberId: string;
  /**
   * A fetch to send every call through instead (tests, a proxy). Without it, JSON calls go through one
   * process-wide undici keep-alive agent (a connection pool per origin, no fetch or web-stream layer), so
   * thousands of sends reuse a few TLS connections; multipart uploads use the global fetch.
   */
  fetch?: typeof fetch;
  /** Per-request timeout; a send that times out is reported as ambiguous. Default 15 s. */
  timeoutMs?: number;
}

/** Per-call options: an extra abort signal, e.g. for worker shutdown. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface SendMessageResult {
  wamid: string;
  /** Meta's normalized WhatsApp id of the recipient (absent when sent to a BSUID). */
  waId?: string;
  /** Business-scoped user id echoed when Meta knows it. */
  userId?: string;
  /** The `to` / `recipient` value exactly as sent. */
  input: string;
  /** `accepted`, `held_for_quality_assessment` or `paused` when Meta reports it. */
  messageStatus?: string;
}

export interface MediaInfo {
  /** Download URL, valid for about 5 minutes and only with the bearer token. */
  url: string;
  mimeType: string;
  /** SHA-256 of the file as Meta reports it. */
  sha256: string;
  fileSize: number;
  id: string;
}

const sendResponseSchema = z.object({
  contacts: z
    .array(z.looseObject({ input: z.string().optional(), wa_id: z.string().optional(), user_id: z.string().optional() }))
    .optional(),
  messages: z.array(z.looseObject({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});
const successSchema = z.looseObject({ success: z.boolean() });
const uploadResponseSchema = z.looseObject({ id: z.string().min(1) });
const mediaInfoSchema = z.looseObject({
  url: z.string().min(1),
  mime_type: z.string(),
  sha256: z.string(),
  // Meta sends the size as a string ("303833"); accept a number too.
  file_size: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
  id: z.string(),
});

/** The business phone number as Graph describes it (`GET /{phone-number-id}`). */
export interface PhoneNumberInfo {
  id: string;
  displayPhoneNumber?: string;
  verifiedName?: string;
}
const phoneNumberSchema = z.looseObject({
  id: z.string().min(1),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
});

/** Options for `listMessageTemplates`: page size and the `after` cursor of the previous page. */
export interface ListTemplatesOptions extends CallOptions {
  limit?: number;
  after?: string;
}

/** One page of a WhatsApp Business Account's templates; `after` is set while more pages remain. */
export interface MessageTemplatePage {
  data: MessageTemplate[];
  after?: string;
}

/** Options for `downloadMedia`: bodies over `maxBytes` (default 100 MB, Meta's largest media) throw a RangeError. */
export interface DownloadOptions extends CallOptions {
  maxBytes?: number;
}

/** Creates a Cloud API client bound to one business phone number. */
export function createWhatsAppClient(config: WhatsAppClientConfig) {
  const baseUrl = (config.baseUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
  const apiVersion = config.apiVersion ?? 'v24.0';
  const transport: GraphTransport = {
    fetch: config.fetch,
    accessToken: config.accessToken,
    timeoutMs: config.timeoutMs ?? 15_000,
  };
  const graphUrl = (...segments: string[]) =>
    `${baseUrl}/${apiVersion}/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
  const messagesUrl = graphUrl(config.phoneNumberId, 'messages');

  return {
    /** Validates a message against Meta's limits (throws MessageValidationError), then sends it. */
    async sendMessage(message: OutgoingMessageInput, options: CallOptions = {}): Promise<SendMessageResult> {
      const parsed = outgoingMessageSchema.safeParse(message);
      if (!parsed.success) throw new MessageValidationError(toValidationIssues(parsed.error));
      const body = { messaging_product: 'whatsapp' as const, ...parsed.data };
      const result = await graphCall(transport, { method: 'POST', url: messagesUrl, json: body, signal: options.signal });
      const response = parseGraphJson(result, sendResponseSchema, 'send');
      const contact = response.contacts?.[0];
      const sent = response.messages[0];
      const input = contact?.input ?? parsed.data.to ?? parsed.data.recipient ?? '';
      return {
        wamid: sent?.id ?? '',
        input,
        ...(contact?.wa_id === undefined ? {} : { waId: contact.wa_id }),
        ...(contact?.user_id === undefined ? {} : { userId: contact.user_id }),
        ...(sent?.message_status === undefined ? {} : { messageStatus: sent.message_status }),
      };
    },

    /** Marks an inbound message (and earlier ones) read; `typing: true` also shows the typing indicator. */
    async markRead(messageId: string, options: CallOptions & { typing?: boolean } = {}): Promise<{ success: boolean }> {
      const request: MarkReadRequest = {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: messageId,
        ...(options.typing ? { typing_indicator: { type: 'text' as const } } : {}),
      };
      const parsed = markReadRequestSchema.safeParse(request);
      if (!parsed.success) throw new MessageValidationError(toValidationIssues(parsed.error));
      const result = await graphCall(transport, { method: 'POST', url: messagesUrl, json: parsed.data, signal: options.signal });
      return { success: parseGraphJson(result, successSchema, 'mark-read').success };
    },

    /** Uploads media as multipart form-data and returns its media id (usable in sends for 30 days). */
    async uploadMedia(
      bytes: Uint8Array | ArrayBuffer | Blob,
      mimeType: string,
      filename: string,
      options: CallOptions = {},
    ): Promise<{ id: string }> {
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', mimeType);
      // A copy into a plain ArrayBuffer: Blob does not accept views over a SharedArrayBuffer.
      const blob = bytes instanceof Blob ? bytes : new Blob([new Uint8Array(bytes)], { type: mimeType });
      form.set('file', blob.type === mimeType ? blob : new Blob([blob], { type: mimeType }), filename);
      const result = await graphCall(transport, {
        method: 'POST',
        url: graphUrl(config.phoneNumberId, 'media'),
        form,
        signal: options.signal,
      });
      return { id: parseGraphJson(result, uploadResponseSchema, 'media upload').id };
    },

    /** Fetches a media id's short-lived download URL and metadata (`fileSize` as a number). */
    async getMediaUrl(mediaId: string, options: CallOptions = {}): Promise<MediaInfo> {
      const url = `${graphUrl(mediaId)}?phone_number_id=${encodeURIComponent(config.phoneNumberId)}`;
      const result = await graphCall(transport, { method: 'GET', url, signal: options.signal });
      const info = parseGraphJson(result, mediaInfoSchema, 'media');
      return { url: info.url, mimeType: info.mime_type, sha256: info.sha256, fileSize: info.file_size, id: info.id };
    },

    /** Downloads a media URL from `getMediaUrl` with the bearer token (Meta refuses unauthenticated downloads). */
    async downloadMedia(url: string, options: DownloadOptions = {}): Promise<{ bytes: Uint8Array; contentType: string }> {
      const maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
      const result = await graphCall(transport, { method: 'GET', url, signal: options.signal, maxBytes });
      return { bytes: result.bytes, contentType: result.headers.get('content-type') ?? 'application/octet-stream' };
    },

    /** Reads the bound phone number; succeeds only when the access token may use it (a credentials check). */
    async getPhoneNumber(options: CallOptions = {}): Promise<PhoneNumberInfo> {
      const url = `${graphUrl(config.phoneNumberId)}?fields=id,display_phone_number,verified_name`;
      const result = await graphCall(transport, { method: 'GET', url, signal: options.signal });
      const info = parseGraphJson(result, phoneNumberSchema, 'phone number');
      return {
        id: info.id,
        ...(info.display_phone_number === undefined ? {} : { displayPhoneNumber: info.display_phone_number }),
        ...(info.verified_name === undefined ? {} : { verifiedName: info.verified_name }),
      };
    },

    /** Lists one page of a WhatsApp Business Account's message templates (every status; filter for `APPROVED`). */
    async listMessageTemplates(wabaId: string, options: ListTemplatesOptions = {}): Promise<MessageTemplatePage> {
      const query = new URLSearchParams();
      if (options.limit !== undefined) query.set('limit', String(options.limit));
      if (options.after !== undefined) query.set('after', options.after);
      const url = `${graphUrl(wabaId, 'message_templates')}${query.size > 0 ? `?${query}` : ''}`;
      const result = await graphCall(transport, { method: 'GET', url, signal: options.signal });
      const page = parseGraphJson(result, messageTemplatePageSchema, 'message templates');
      const after = page.paging?.next !== undefined ? page.paging.cursors?.after : undefined;
      return { data: page.data, ...(after === undefined ? {} : { after }) };
    },

    /** Deletes uploaded media by id. */
    async deleteMedia(mediaId: string, options: CallOptions = {}): Promise<{ success: boolean }> {
      const url = `${graphUrl(mediaId)}?phone_number_id=${encodeURIComponent(config.phoneNumberId)}`;
      const result = await graphCall(transport, { method: 'DELETE', url, signal: options.signal });
      return { success: parseGraphJson(result, successSchema, 'media delete').success };
    },
  };
}

export type WhatsAppClient = ReturnType<typeof createWhatsAppClient>;
