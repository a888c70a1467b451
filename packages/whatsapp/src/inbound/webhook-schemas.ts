import { z } from 'zod';

// Lenient shapes of Meta's webhook payload: every part is optional or caught, so a surprising field
// degrades one event (or becomes `unsupported`) instead of failing the whole delivery.

const optionalString = z.string().optional().catch(undefined);
const optionalBoolean = z.boolean().optional().catch(undefined);

/** Unix seconds, sent by Meta as a string ("1749416383"); numbers are accepted too. */
export const unixSecondsSchema = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);

export const webhookErrorSchema = z.looseObject({
  code: z.number(),
  title: optionalString,
  message: optionalString,
  error_data: z.looseObject({ details: optionalString }).optional().catch(undefined),
  href: optionalString,
});
export const webhookErrorsSchema = z.array(z.unknown()).catch([]);

export const metadataSchema = z.looseObject({
  display_phone_number: z.string().catch(''),
  phone_number_id: z.string().min(1),
});

export const contactProfileSchema = z.looseObject({
  wa_id: optionalString,
  user_id: optionalString,
  parent_user_id: optionalString,
  profile: z.looseObject({ name: optionalString, username: optionalString }).optional().catch(undefined),
});

export const contextSchema = z.looseObject({
  from: optionalString,
  id: optionalString,
  forwarded: optionalBoolean,
  frequently_forwarded: optionalBoolean,
  referred_product: z
    .looseObject({ catalog_id: z.string(), product_retailer_id: z.string() })
    .optional()
    .catch(undefined),
});

export const referralSchema = z.looseObject({
  source_url: optionalString,
  source_id: optionalString,
  source_type: optionalString,
  body: optionalString,
  headline: optionalString,
  media_type: optionalString,
  image_url: optionalString,
  video_url: optionalString,
  thumbnail_url: optionalString,
  ctwa_clid: optionalString,
  welcome_message: z.looseObject({ text: optionalString }).optional().catch(undefined),
});

/** The keys every inbound message has (type-specific content is parsed separately). */
export const inboundMessageBaseSchema = z.looseObject({
  id: z.string().min(1),
  timestamp: unixSecondsSchema,
  type: z.string().catch('unknown'),
  from: optionalString,
  from_user_id: optionalString,
  context: contextSchema.optional().catch(undefined),
  referral: referralSchema.optional().catch(undefined),
  errors: webhookErrorsSchema.optional(),
});

export const inboundMediaSchema = z.looseObject({
  id: z.string().min(1),
  mime_type: optionalString,
  sha256: optionalString,
  url: optionalString,
  caption: optionalString,
  filename: optionalString,
  voice: optionalBoolean,
  animated: optionalBoolean,
});

export const inboundLocationSchema = z.looseObject({
  latitude: z.coerce.number(),
  longitude: z.coerce.number(),
  name: optionalString,
  address: optionalString,
  url: optionalString,
});

/** A contact card shared by the user; kept in Meta's snake_case shape. */
export const sharedContactSchema = z.looseObject({
  name: z
    .looseObject({
      formatted_name: optionalString,
      first_name: optionalString,
      last_name: optionalString,
      middle_name: optionalString,
      suffix: optionalString,
      prefix: optionalString,
    })
    .optional()
    .catch(undefined),
  phones: z.array(z.looseObject({ phone: optionalString, wa_id: optionalString, type: optionalString })).optional().catch(undefined),
  emails: z.array(z.looseObject({ email: optionalString, type: optionalString })).optional().catch(undefined),
  urls: z.array(z.looseObject({ url: optionalString, type: optionalString })).optional().catch(undefined),
  org: z.looseObject({ company: optionalString, department: optionalString, title: optionalString }).optional().catch(undefined),
  addresses: z.array(z.looseObject({})).optional().catch(undefined),
  birthday: optionalString,
});

export const inboundInteractiveSchema = z.looseObject({
  type: z.string(),
  button_reply: z.looseObject({ id: z.string(), title: z.string().catch('') }).optional().catch(undefined),
  list_reply: z
    .looseObject({ id: z.string(), title: z.string().catch(''), description: optionalString })
    .optional()
    .catch(undefined),
  nfm_reply: z
    .looseObject({ response_json: z.string(), body: optionalString, name: optionalString })
    .optional()
    .catch(undefined),
});

export const inboundButtonSchema = z.looseObject({ payload: z.string().catch(''), text: z.string().catch('') });

export const inboundReactionSchema = z.looseObject({ message_id: z.string(), emoji: optionalString });

export const inboundOrderSchema = z.looseObject({
  catalog_id: z.string(),
  text: optionalString,
  product_items: z
    .array(
      z.looseObject({
        product_retailer_id: z.string(),
        quantity: z.coerce.number(),
        item_price: z.coerce.number(),
        currency: z.string(),
      }),
    )
    .catch([]),
});

export const inboundSystemSchema = z.looseObject({
  type: z.string().catch('unknown'),
  body: optionalString,
  wa_id: optionalString,
  customer: optionalString,
});

export const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: unixSecondsSchema,
  recipient_id: optionalString,
  recipient_user_id: optionalString,
  parent_recipient_user_id: optionalString,
  biz_opaque_callback_data: optionalString,
  conversation: z
    .looseObject({
      id: optionalString,
      expiration_timestamp: unixSecondsSchema.optional().catch(undefined),
      origin: z.looseObject({ type: optionalString }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  pricing: z
    .looseObject({ billable: optionalBoolean, pricing_model: optionalString, type: optionalString, category: optionalString })
    .optional()
    .catch(undefined),
  errors: webhookErrorsSchema.optional(),
});
