import { z } from 'zod';
import { documentRefSchema, mediaRefSchema } from './media-content';
import { boundedText } from './text-limits';

// Named-variable templates ({{first_name}}) carry the variable name beside the value.
const parameterName = z
  .string()
  .regex(/^[a-z0-9_]+$/, { error: 'must be lowercase letters, digits and underscores' })
  .optional();

const textParameter = z.strictObject({
  type: z.literal('text'),
  text: boundedText(1, 32768, { nonBlank: true }),
  parameter_name: parameterName,
});
const currencyParameter = z.strictObject({
  type: z.literal('currency'),
  currency: z.strictObject({
    fallback_value: boundedText(1, 1000),
    code: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as USD' }),
    amount_1000: z.number().int(),
  }),
  parameter_name: parameterName,
});
const dateTimeParameter = z.strictObject({
  type: z.literal('date_time'),
  // Legacy component fields (day_of_week, year, …) are ignored by Meta but still accepted.
  date_time: z.looseObject({ fallback_value: boundedText(1, 1000) }),
  parameter_name: parameterName,
});
const imageParameter = z.strictObject({ type: z.literal('image'), image: mediaRefSchema });
const videoParameter = z.strictObject({ type: z.literal('video'), video: mediaRefSchema });
const documentParameter = z.strictObject({ type: z.literal('document'), document: documentRefSchema });
const locationParameter = z.strictObject({
  type: z.literal('location'),
  location: z.strictObject({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().optional(),
    address: z.string().optional(),
  }),
});
const payloadParameter = z.strictObject({ type: z.literal('payload'), payload: boundedText(1, 1000) });
const couponCodeParameter = z.strictObject({ type: z.literal('coupon_code'), coupon_code: boundedText(1, 15) });
const actionParameter = z.strictObject({
  type: z.literal('action'),
  action: z.strictObject({
    flow_token: z.string().min(1).optional(),
    flow_action_data: z.record(z.string(), z.unknown()).optional(),
    thumbnail_product_retailer_id: z.string().min(1).optional(),
  }),
});

const headerComponent = z.strictObject({
  type: z.literal('header'),
  parameters: z
    .array(
      z.discriminatedUnion('type', [textParameter, imageParameter, videoParameter, documentParameter, locationParameter]),
    )
    .max(1, { error: 'a header takes at most one parameter' }),
});
const bodyComponent = z.strictObject({
  type: z.literal('body'),
  parameters: z.array(z.discriminatedUnion('type', [textParameter, currencyParameter, dateTimeParameter])),
});

// Which parameter type each button kind expects (quick_reply → payload, url → URL suffix text, …).
const buttonParameterType = {
  quick_reply: 'payload',
  url: 'text',
  copy_code: 'coupon_code',
  flow: 'action',
  catalog: 'action',
} as const;

const buttonComponent = z
  .strictObject({
    type: z.literal('button'),
    sub_type: z.enum(['quick_reply', 'url', 'copy_code', 'flow', 'catalog']),
    index: z.union([
      z.number().int().min(0).max(9),
      z.string().regex(/^\d$/, { error: 'must be a button position from "0" to "9"' }),
    ]),
    parameters: z
      .array(z.discriminatedUnion('type', [payloadParameter, textParameter, couponCodeParameter, actionParameter]))
      .max(1, { error: 'a button takes at most one parameter' })
      .optional(),
  })
  .superRefine((button, ctx) => {
    const expected = buttonParameterType[button.sub_type];
    button.parameters?.forEach((parameter, i) => {
      if (parameter.type !== expected) {
        ctx.addIssue({
          code: 'custom',
          path: ['parameters', i, 'type'],
          message: `a ${button.sub_type} button takes a "${expected}" parameter, not "${parameter.type}"`,
        });
      }
    });
  });

const componentSchema = z.discriminatedUnion('type', [headerComponent, bodyComponent, buttonComponent]);

/** `template` object of a template message: approved template name, language and parameter components. */
export const templateContentSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, { error: 'must be a template name (lowercase letters, digits, _)' }),
  language: z.strictObject({
    code: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, { error: 'must be a language code such as en or en_US' }),
    policy: z.literal('deterministic').optional(),
  }),
  components: z
    .array(componentSchema)
    .optional()
    .superRefine((components, ctx) => {
      if (!components) return;
      const seen = new Set<string>();
      components.forEach((component, i) => {
        const key = component.type === 'button' ? `button:${String(component.index)}` : component.type;
        if (seen.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message:
              component.type === 'button'
                ? `duplicate button component for index ${String(component.index)}`
                : `only one ${component.type} component is allowed`,
          });
        }
        seen.add(key);
      });
    }),
});

export type TemplateContent = z.infer<typeof templateContentSchema>;
export type TemplateComponent = z.infer<typeof componentSchema>;
