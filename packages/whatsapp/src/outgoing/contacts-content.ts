import { z } from 'zod';
import { boundedText } from './text-limits';

const optionalText = z.string().min(1, { error: 'must not be empty' }).optional();

const contactCardSchema = z.strictObject({
  name: z.strictObject({
    formatted_name: boundedText(1, 1000),
    first_name: optionalText,
    last_name: optionalText,
    middle_name: optionalText,
    suffix: optionalText,
    prefix: optionalText,
  }),
  phones: z
    .array(z.strictObject({ phone: optionalText, type: optionalText, wa_id: optionalText }))
    .optional(),
  emails: z.array(z.strictObject({ email: optionalText, type: optionalText })).optional(),
  urls: z.array(z.strictObject({ url: optionalText, type: optionalText })).optional(),
  org: z.strictObject({ company: optionalText, department: optionalText, title: optionalText }).optional(),
  addresses: z
    .array(
      z.strictObject({
        street: optionalText,
        city: optionalText,
        state: optionalText,
        zip: optionalText,
        country: optionalText,
        country_code: optionalText,
        type: optionalText,
      }),
    )
    .optional(),
  birthday: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be YYYY-MM-DD' })
    .optional(),
});

/** `contacts` array of a contacts message: one or more contact cards, each with `name.formatted_name`. */
export const contactsContentSchema = z.array(contactCardSchema).min(1, { error: 'must hold at least one contact' });

export type ContactCard = z.infer<typeof contactCardSchema>;
export type ContactsContent = z.infer<typeof contactsContentSchema>;
