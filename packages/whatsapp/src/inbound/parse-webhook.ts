import type {
  ContactIdentity,
  IgnoredItem,
  InboundMessageContext,
  InboundReferral,
  MessageEvent,
  MessageStatusValue,
  NormalizedEvent,
  ParsedWebhook,
  StatusEvent,
  WebhookRoute,
} from './normalized-event';
import { messageStatuses } from './normalized-event';
import { parseMessageContent, toErrorDetails } from './parse-message-content';
import { contactProfileSchema, inboundMessageBaseSchema, metadataSchema, statusSchema } from './webhook-schemas';
import type { z } from 'zod';
import { compact } from './compact';

type Contact = z.infer<typeof contactProfileSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function toIdentity(contact: Contact): ContactIdentity {
  return compact({
    waId: contact.wa_id,
    userId: contact.user_id,
    parentUserId: contact.parent_user_id,
    username: contact.profile?.username,
    name: contact.profile?.name,
  });
}

// Meta lists senders in value.contacts; match by phone id or BSUID, or take the only one.
function findContact(contacts: Contact[], from: string | undefined, fromUserId: string | undefined): Contact | undefined {
  const match = contacts.find(
    (c) => (from !== undefined && c.wa_id === from) || (fromUserId !== undefined && c.user_id === fromUserId),
  );
  return match ?? (contacts.length === 1 ? contacts[0] : undefined);
}

function toMessageEvent(raw: unknown, route: WebhookRoute, contacts: Contact[]): MessageEvent | IgnoredItem {
  const parsed = inboundMessageBaseSchema.safeParse(raw);
  if (!parsed.success || !isRecord(raw)) {
    return { reason: 'message without a usable id or timestamp', field: 'messages', wabaId: route.wabaId, value: raw };
  }
  const m = parsed.data;
  const contact = findContact(contacts, m.from, m.from_user_id);
  const fromUserId = m.from_user_id ?? contact?.user_id;
  const context: InboundMessageContext | undefined = m.context
    ? compact({
        messageId: m.context.id,
        from: m.context.from,
        forwarded: m.context.forwarded ?? false,
        frequentlyForwarded: m.context.frequently_forwarded ?? false,
        referredProduct: m.context.referred_product
          ? { catalogId: m.context.referred_product.catalog_id, productRetailerId: m.context.referred_product.product_retailer_id }
          : undefined,
      })
    : undefined;
  const referral: InboundReferral | undefined = m.referral
    ? compact({
        sourceUrl: m.referral.source_url,
        sourceId: m.referral.source_id,
        sourceType: m.referral.source_type,
        body: m.referral.body,
        headline: m.referral.headline,
        mediaType: m.referral.media_type,
        imageUrl: m.referral.image_url,
        videoUrl: m.referral.video_url,
        thumbnailUrl: m.referral.thumbnail_url,
        ctwaClid: m.referral.ctwa_clid,
        welcomeMessage: m.referral.welcome_message?.text,
      })
    : undefined;
  return compact({
    kind: 'message' as const,
    route,
    wamid: m.id,
    messageType: m.type,
    from: m.from,
    fromUserId,
    contact: contact ? toIdentity(contact) : undefined,
    timestamp: m.timestamp,
    date: new Date(m.timestamp * 1000),
    context,
    referral,
    content: parseMessageContent(m.type, raw),
  });
}

function toStatusEvent(raw: unknown, route: WebhookRoute): StatusEvent | IgnoredItem {
  const parsed = statusSchema.safeParse(raw);
  if (!parsed.success) {
    return { reason: 'status without a usable id, status or timestamp', field: 'messages', wabaId: route.wabaId, value: raw };
  }
  const s = parsed.data;
  if (!(messageStatuses as readonly string[]).includes(s.status)) {
    return { reason: `unknown status "${s.status}"`, field: 'messages', wabaId: route.wabaId, value: raw };
  }
  return compact({
    kind: 'status' as const,
    route,
    wamid: s.id,
    status: s.status as MessageStatusValue,
    timestamp: s.timestamp,
    date: new Date(s.timestamp * 1000),
    recipientId: s.recipient_id,
    recipientUserId: s.recipient_user_id,
    parentRecipientUserId: s.parent_recipient_user_id,
    bizOpaqueCallbackData: s.biz_opaque_callback_data,
    conversation: s.conversation
      ? compact({ id: s.conversation.id, expirationTimestamp: s.conversation.expiration_timestamp, originType: s.conversation.origin?.type })
      : undefined,
    pricing: s.pricing
      ? compact({ billable: s.pricing.billable, pricingModel: s.pricing.pricing_model, type: s.pricing.type, category: s.pricing.category })
      : undefined,
    errors: toErrorDetails(s.errors),
  });
}

function parseMessagesValue(value: Record<string, unknown>, wabaId: string, events: NormalizedEvent[], ignored: IgnoredItem[]) {
  const metadata = metadataSchema.safeParse(value.metadata);
  if (!metadata.success) {
    ignored.push({ reason: 'messages change without metadata.phone_number_id', field: 'messages', wabaId, value });
    return;
  }
  const route: WebhookRoute = {
    wabaId,
    phoneNumberId: metadata.data.phone_number_id,
    displayPhoneNumber: metadata.data.display_phone_number,
  };
  const contacts = asArray(value.contacts).flatMap((c) => {
    const parsed = contactProfileSchema.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
  const before = events.length + ignored.length;
  const push = (item: NormalizedEvent | IgnoredItem) => ('kind' in item ? events.push(item) : ignored.push(item));

  for (const message of asArray(value.messages)) push(toMessageEvent(message, route, contacts));
  for (const status of asArray(value.statuses)) push(toStatusEvent(status, route));
  const errors = toErrorDetails(value.errors);
  if (errors.length > 0) events.push({ kind: 'error', route, errors });

  if (events.length + ignored.length === before) {
    ignored.push({ reason: 'messages change with no messages, statuses or errors', field: 'messages', wabaId, value });
  }
}

/**
 * Normalizes a Meta webhook body (already JSON-parsed) into message, status and error events, iterating every
 * entry and change. Never throws: other webhook fields and malformed parts are listed in `ignored` with a reason.
 */
export function parseWebhook(payload: unknown): ParsedWebhook {
  const events: NormalizedEvent[] = [];
  const ignored: IgnoredItem[] = [];
  if (!isRecord(payload)) return { events, ignored: [{ reason: 'payload is not a JSON object' }] };
  if (payload.object !== 'whatsapp_business_account') {
    return { events, ignored: [{ reason: `unexpected object "${String(payload.object)}"`, value: payload.object }] };
  }
  for (const entry of asArray(payload.entry)) {
    if (!isRecord(entry)) {
      ignored.push({ reason: 'entry is not an object', value: entry });
      continue;
    }
    const wabaId = typeof entry.id === 'string' ? entry.id : String(entry.id ?? '');
    for (const change of asArray(entry.changes)) {
      if (!isRecord(change) || !isRecord(change.value)) {
        ignored.push({ reason: 'change without a value object', wabaId, value: change });
        continue;
      }
      const field = typeof change.field === 'string' ? change.field : '';
      if (field !== 'messages') {
        ignored.push({ reason: 'not a messages change', field, wabaId, value: change.value });
        continue;
      }
      parseMessagesValue(change.value, wabaId, events, ignored);
    }
  }
  return { events, ignored };
}
