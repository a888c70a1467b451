import type { InboundMedia, MessageContent, WebhookErrorDetail } from './normalized-event';
import {
  inboundButtonSchema,
  inboundInteractiveSchema,
  inboundLocationSchema,
  inboundMediaSchema,
  inboundOrderSchema,
  inboundReactionSchema,
  inboundSystemSchema,
  sharedContactSchema,
  webhookErrorSchema,
} from './webhook-schemas';
import { z } from 'zod';
import { compact } from './compact';

/** Keeps the well-formed entries of Meta's `errors[]`, dropping any without a numeric code. */
export function toErrorDetails(errors: unknown): WebhookErrorDetail[] {
  if (!Array.isArray(errors)) return [];
  const details: WebhookErrorDetail[] = [];
  for (const raw of errors) {
    const parsed = webhookErrorSchema.safeParse(raw);
    if (!parsed.success) continue;
    const e = parsed.data;
    details.push({
      code: e.code,
      ...(e.title === undefined ? {} : { title: e.title }),
      ...(e.message === undefined ? {} : { message: e.message }),
      ...(e.error_data?.details === undefined ? {} : { details: e.error_data.details }),
      ...(e.href === undefined ? {} : { href: e.href }),
    });
  }
  return details;
}

function media(m: z.infer<typeof inboundMediaSchema>): InboundMedia {
  return compact({ id: m.id, mimeType: m.mime_type, sha256: m.sha256, url: m.url });
}

function unsupported(originalType: string, message: Record<string, unknown>, reason?: string): MessageContent {
  return compact({ type: 'unsupported', originalType, errors: toErrorDetails(message.errors), reason });
}

type Parser = (payload: unknown) => MessageContent | undefined;

function withSchema<S extends z.ZodType>(schema: S, build: (value: z.infer<S>) => MessageContent | undefined): Parser {
  return (payload) => {
    const parsed = schema.safeParse(payload);
    return parsed.success ? build(parsed.data) : undefined;
  };
}

const parsers: Record<string, Parser> = {
  text: withSchema(z.looseObject({ body: z.string() }), (t) => ({ type: 'text', body: t.body })),
  image: withSchema(inboundMediaSchema, (m) => compact({ type: 'image', media: media(m), caption: m.caption })),
  video: withSchema(inboundMediaSchema, (m) => compact({ type: 'video', media: media(m), caption: m.caption })),
  audio: withSchema(inboundMediaSchema, (m) => ({ type: 'audio', media: media(m), voice: m.voice ?? false })),
  document: withSchema(inboundMediaSchema, (m) =>
    compact({ type: 'document', media: media(m), caption: m.caption, filename: m.filename }),
  ),
  sticker: withSchema(inboundMediaSchema, (m) => ({ type: 'sticker', media: media(m), animated: m.animated ?? false })),
  location: withSchema(inboundLocationSchema, (l) =>
    Number.isFinite(l.latitude) && Number.isFinite(l.longitude)
      ? compact({ type: 'location', latitude: l.latitude, longitude: l.longitude, name: l.name, address: l.address, url: l.url })
      : undefined,
  ),
  contacts: withSchema(z.array(sharedContactSchema), (contacts) => ({ type: 'contacts', contacts })),
  interactive: withSchema(inboundInteractiveSchema, (i) => {
    if (i.type === 'button_reply' && i.button_reply) {
      return { type: 'button_reply', id: i.button_reply.id, title: i.button_reply.title };
    }
    if (i.type === 'list_reply' && i.list_reply) {
      return compact({ type: 'list_reply', id: i.list_reply.id, title: i.list_reply.title, description: i.list_reply.description });
    }
    if (i.type === 'nfm_reply' && i.nfm_reply) {
      return compact({ type: 'flow_reply', responseJson: i.nfm_reply.response_json, body: i.nfm_reply.body, name: i.nfm_reply.name });
    }
    return undefined;
  }),
  button: withSchema(inboundButtonSchema, (b) => ({ type: 'button', payload: b.payload, text: b.text })),
  reaction: withSchema(inboundReactionSchema, (r) =>
    r.emoji
      ? { type: 'reaction', messageId: r.message_id, emoji: r.emoji, removed: false }
      : { type: 'reaction', messageId: r.message_id, removed: true },
  ),
  order: withSchema(inboundOrderSchema, (o) =>
    compact({
      type: 'order',
      catalogId: o.catalog_id,
      text: o.text,
      items: o.product_items.map((p) => ({
        productRetailerId: p.product_retailer_id,
        quantity: p.quantity,
        itemPrice: p.item_price,
        currency: p.currency,
      })),
    }),
  ),
  system: withSchema(inboundSystemSchema, (s) =>
    compact({ type: 'system', systemType: s.type, body: s.body, newWaId: s.wa_id }),
  ),
};

/** Turns one inbound message's type-specific payload into normalized content; anything unknown becomes `unsupported`. */
export function parseMessageContent(type: string, message: Record<string, unknown>): MessageContent {
  const parser = Object.hasOwn(parsers, type) ? parsers[type] : undefined;
  if (!parser) return unsupported(type, message);
  // Meta puts the content under a key named after the type (`text`, `image`, `contacts`, …).
  const content = parser(message[type]);
  if (content) return content;
  const reason = type === 'interactive' ? 'unknown interactive reply type' : `malformed ${type} payload`;
  return unsupported(type, message, reason);
}
