import type { InboundInput } from '../control/inbound-schema';
import { newWamid } from '../graph/wamid';
import type { SandboxNumber } from '../state/number-config';
import type { SandboxServices } from '../services';
import { sampleMedia } from './sample-media';
import { unixSeconds, webhookEnvelope } from './webhook-envelope';
import type { DeliveryResult } from './webhook-sender';

export type InboundResult =
  | { ok: true; wamid: string; message: Record<string, unknown>; delivery: DeliveryResult }
  | { ok: false; status: number; code: string; message: string };

/**
 * A simulated user writes to a business number: builds Meta's webhook (contacts + messages),
 * stores any media, opens the 24 h window and delivers the webhook signed. The first attempt is
 * awaited so the caller learns how the endpoint answered; failures retry in the background.
 */
export async function simulateInbound(services: SandboxServices, number: SandboxNumber, input: InboundInput): Promise<InboundResult> {
  const { state } = services;
  const from = input.from.replace(/\D/g, '');
  if (from.length < 5) return { ok: false, status: 422, code: 'invalid_from', message: 'from must be a phone number (digits with country code)' };
  const user = state.users.getOrDefault(from);
  const now = state.clock.now();
  const wamid = newWamid(from, 'in');
  const message: Record<string, unknown> = { from, id: wamid, timestamp: unixSeconds(now), type: input.type };

  if ('context' in input || input.type === 'interactive' || input.type === 'button') {
    const explicit = 'context' in input ? input.context?.id : undefined;
    const replyTo = explicit ?? (input.type === 'interactive' || input.type === 'button' ? lastBusinessMessage(services, number, from) : undefined);
    if ((input.type === 'interactive' || input.type === 'button') && replyTo === undefined) {
      return { ok: false, status: 422, code: 'no_context', message: `${input.type} replies need context.id (no business message to reply to)` };
    }
    if (replyTo !== undefined) message.context = { from: number.display_phone_number, id: replyTo };
  }

  switch (input.type) {
    case 'text':
      message.text = { body: input.text.body };
      break;
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const media = (input as Record<string, unknown>)[input.type] as {
        data_base64?: string;
        mime_type?: string;
        caption?: string;
        filename?: string;
        voice?: boolean;
        animated?: boolean;
      };
      const sample = media.data_base64 === undefined ? sampleMedia(input.type) : undefined;
      const bytes = sample?.bytes ?? Buffer.from(media.data_base64 ?? '', 'base64');
      const mimeType = media.mime_type ?? sample?.mime_type ?? sampleMedia(input.type).mime_type;
      const filename = media.filename ?? sample?.filename ?? (input.type === 'document' ? 'document' : null);
      const item = state.media.put({ phone_number_id: number.phone_number_id, bytes, mime_type: mimeType, filename }, now);
      const content: Record<string, unknown> = { mime_type: item.mime_type, sha256: item.sha256, id: item.id };
      if (media.caption !== undefined && (input.type === 'image' || input.type === 'video' || input.type === 'document')) content.caption = media.caption;
      if (input.type === 'document') content.filename = filename;
      if (input.type === 'audio') content.voice = media.voice ?? false;
      if (input.type === 'sticker') content.animated = media.animated ?? false;
      message[input.type] = content;
      break;
    }
    case 'location':
      message.location = input.location;
      break;
    case 'contacts':
      message.contacts = input.contacts;
      break;
    case 'interactive':
      message.interactive = input.interactive;
      break;
    case 'button':
      message.button = input.button;
      break;
    case 'reaction':
      message.reaction = input.reaction;
      break;
    case 'order':
      message.order = input.order;
      break;
    case 'unsupported':
      message.errors = [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ];
      break;
  }

  const profile: Record<string, string> = { name: user.name };
  if (user.username !== undefined) profile.username = user.username;
  const contact: Record<string, unknown> = { profile, wa_id: from };
  if (user.user_id !== undefined) contact.user_id = user.user_id;
  const payload = webhookEnvelope(number, { contacts: [contact], messages: [message] });

  state.windows.recordInbound(number.phone_number_id, from, now);
  const stored = { ...message };
  delete stored.from;
  delete stored.id;
  delete stored.timestamp;
  state.conversations.add(number.phone_number_id, from, { wamid, direction: 'in', type: input.type, message: stored, timestamp: now, status: 'sent' });

  const current = () => {
    const latest = state.numbers.get(number.phone_number_id);
    return latest?.webhook_url ? { url: latest.webhook_url, appSecret: latest.app_secret } : null;
  };
  const markDelivered = () => void state.conversations.setStatus(wamid, 'delivered');
  const delivery: DeliveryResult =
    current() === null
      ? { status_code: null, ok: false, error: 'no webhook_url registered for this number' }
      : await services.sender.deliver(current, payload, markDelivered);
  return { ok: true, wamid, message, delivery };
}

/** The most recent business message to this user (what a tapped button belongs to when the caller does not say). */
function lastBusinessMessage(services: SandboxServices, number: SandboxNumber, waId: string): string | undefined {
  const list = services.state.conversations.list(number.phone_number_id, waId);
  for (let i = list.length - 1; i >= 0; i -= 1) if (list[i]!.direction === 'out') return list[i]!.wamid;
  return undefined;
}
