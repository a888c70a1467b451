import type { z } from 'zod';
import type { sharedContactSchema } from './webhook-schemas';

/** Where a webhook change belongs: `wabaId` is `entry.id`; route to a channel by `phoneNumberId`. */
export interface WebhookRoute {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

/** Who sent a message, from `value.contacts[]`. Users with a username may come with a BSUID but no `waId`. */
export interface ContactIdentity {
  waId?: string;
  /** Business-scoped user id (BSUID), e.g. `US.13491208655302741918`. */
  userId?: string;
  parentUserId?: string;
  username?: string;
  /** Profile name as the user set it. */
  name?: string;
}

/** One entry of Meta's `errors[]` (on statuses, unsupported messages or the value itself). */
export interface WebhookErrorDetail {
  code: number;
  title?: string;
  message?: string;
  details?: string;
  href?: string;
}

export interface InboundMessageContext {
  /** wamid of the message replied to or tapped. */
  messageId?: string;
  /** Business number of the message replied to. */
  from?: string;
  forwarded: boolean;
  frequentlyForwarded: boolean;
  referredProduct?: { catalogId: string; productRetailerId: string };
}

/** Click-to-WhatsApp ad or post that started the conversation. */
export interface InboundReferral {
  sourceUrl?: string;
  sourceId?: string;
  sourceType?: string;
  body?: string;
  headline?: string;
  mediaType?: string;
  imageUrl?: string;
  videoUrl?: string;
  thumbnailUrl?: string;
  ctwaClid?: string;
  welcomeMessage?: string;
}

/** A media attachment: fetch it with `getMediaUrl(id)` (or `url` when Meta included one). */
export interface InboundMedia {
  id: string;
  mimeType?: string;
  /** Meta's SHA-256 of the file (base64). */
  sha256?: string;
  url?: string;
}

export type SharedContact = z.infer<typeof sharedContactSchema>;

/** What a message says, by kind. Interactive replies are split into `button_reply` / `list_reply` / `flow_reply`. */
export type MessageContent =
  | { type: 'text'; body: string }
  | { type: 'image'; media: InboundMedia; caption?: string }
  | { type: 'video'; media: InboundMedia; caption?: string }
  | { type: 'audio'; media: InboundMedia; voice: boolean }
  | { type: 'document'; media: InboundMedia; caption?: string; filename?: string }
  | { type: 'sticker'; media: InboundMedia; animated: boolean }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string; url?: string }
  | { type: 'contacts'; contacts: SharedContact[] }
  | { type: 'button_reply'; id: string; title: string }
  | { type: 'list_reply'; id: string; title: string; description?: string }
  | { type: 'flow_reply'; responseJson: string; body?: string; name?: string }
  /** A tap on a template's quick-reply button. */
  | { type: 'button'; payload: string; text: string }
  /** `removed` is true when the user took the reaction back (Meta sends `emoji: ""` or none). */
  | { type: 'reaction'; messageId: string; emoji?: string; removed: boolean }
  | {
      type: 'order';
      catalogId: string;
      text?: string;
      items: { productRetailerId: string; quantity: number; itemPrice: number; currency: string }[];
    }
  /** E.g. `systemType: 'user_changed_number'` with the user's new id in `newWaId`. */
  | { type: 'system'; systemType: string; body?: string; newWaId?: string }
  /** A type Meta does not support or we do not know; `originalType` is Meta's `type`. */
  | { type: 'unsupported'; originalType: string; errors: WebhookErrorDetail[]; reason?: string };

export interface MessageEvent {
  kind: 'message';
  route: WebhookRoute;
  wamid: string;
  /** Meta's `type` as sent (e.g. `interactive`), before normalization. */
  messageType: string;
  /** Sender phone / wa_id; absent for username-only users. */
  from?: string;
  /** Sender BSUID (`from_user_id`, or the contact's `user_id`). */
  fromUserId?: string;
  contact?: ContactIdentity;
  /** Unix seconds. */
  timestamp: number;
  date: Date;
  context?: InboundMessageContext;
  referral?: InboundReferral;
  content: MessageContent;
}

export const messageStatuses = ['sent', 'delivered', 'read', 'failed', 'played', 'deleted'] as const;
export type MessageStatusValue = (typeof messageStatuses)[number];

export interface StatusEvent {
  kind: 'status';
  route: WebhookRoute;
  wamid: string;
  status: MessageStatusValue;
  timestamp: number;
  date: Date;
  recipientId?: string;
  recipientUserId?: string;
  parentRecipientUserId?: string;
  /** Echo of the send's `biz_opaque_callback_data` (our message id). */
  bizOpaqueCallbackData?: string;
  conversation?: { id?: string; expirationTimestamp?: number; originType?: string };
  pricing?: { billable?: boolean; pricingModel?: string; type?: string; category?: string };
  errors: WebhookErrorDetail[];
}

/** Errors Meta reports for the number itself, not tied to a message. */
export interface ErrorEvent {
  kind: 'error';
  route: WebhookRoute;
  errors: WebhookErrorDetail[];
}

export type NormalizedEvent = MessageEvent | StatusEvent | ErrorEvent;

/** A part of the payload that produced no event, and why (other webhook fields, malformed items). */
export interface IgnoredItem {
  reason: string;
  field?: string;
  wabaId?: string;
  value?: unknown;
}

export interface ParsedWebhook {
  events: NormalizedEvent[];
  ignored: IgnoredItem[];
}
