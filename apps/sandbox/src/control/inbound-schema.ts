import { z } from 'zod';

/** Media a simulated user sends: bytes as base64 (a small sample is used when omitted). */
const mediaInput = z.strictObject({
  data_base64: z.string().optional(),
  mime_type: z.string().min(1).optional(),
  caption: z.string().max(1024).optional(),
  filename: z.string().min(1).max(240).optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

const contactCard = z.looseObject({
  name: z.looseObject({ formatted_name: z.string().min(1) }),
  phones: z.array(z.looseObject({ phone: z.string() })).optional(),
});

/**
 * Body of `POST /_sandbox/numbers/{id}/inbound`: what a simulated user sends, in Cloud API terms.
 * `context.id` is the wamid being replied to; button and interactive replies default to the
 * latest business message of the conversation.
 */
export const inboundInputSchema = z.discriminatedUnion('type', [
  z.strictObject({ from: z.string(), type: z.literal('text'), text: z.strictObject({ body: z.string().min(1).max(65_536) }), context: z.strictObject({ id: z.string() }).optional() }),
  z.strictObject({ from: z.string(), type: z.literal('image'), image: mediaInput.default({}), context: z.strictObject({ id: z.string() }).optional() }),
  z.strictObject({ from: z.string(), type: z.literal('video'), video: mediaInput.default({}), context: z.strictObject({ id: z.string() }).optional() }),
  z.strictObject({ from: z.string(), type: z.literal('audio'), audio: mediaInput.default({}), context: z.strictObject({ id: z.string() }).optional() }),
  z.strictObject({ from: z.string(), type: z.literal('document'), document: mediaInput.default({}), context: z.strictObject({ id: z.string() }).optional() }),
  z.strictObject({ from: z.string(), type: z.literal('sticker'), sticker: mediaInput.default({}), context: z.strictObject({ id: z.string() }).optional() }),
  z.strictObject({
    from: z.string(),
    type: z.literal('location'),
    location: z.strictObject({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    }),
  }),
  z.strictObject({ from: z.string(), type: z.literal('contacts'), contacts: z.array(contactCard).min(1) }),
  z.strictObject({
    from: z.string(),
    type: z.literal('interactive'),
    interactive: z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('button_reply'), button_reply: z.strictObject({ id: z.string().min(1), title: z.string().min(1) }) }),
      z.strictObject({
        type: z.literal('list_reply'),
        list_reply: z.strictObject({ id: z.string().min(1), title: z.string().min(1), description: z.string().optional() }),
      }),
    ]),
    context: z.strictObject({ id: z.string() }).optional(),
  }),
  z.strictObject({
    from: z.string(),
    type: z.literal('button'),
    button: z.strictObject({ payload: z.string(), text: z.string() }),
    context: z.strictObject({ id: z.string() }).optional(),
  }),
  z.strictObject({ from: z.string(), type: z.literal('reaction'), reaction: z.strictObject({ message_id: z.string().min(1), emoji: z.string() }) }),
  z.strictObject({
    from: z.string(),
    type: z.literal('order'),
    order: z.strictObject({
      catalog_id: z.string(),
      text: z.string().optional(),
      product_items: z.array(
        z.strictObject({ product_retailer_id: z.string(), quantity: z.number().int().positive(), item_price: z.number(), currency: z.string() }),
      ),
    }),
  }),
  z.strictObject({ from: z.string(), type: z.literal('unsupported') }),
]);

export type InboundInput = z.infer<typeof inboundInputSchema>;
