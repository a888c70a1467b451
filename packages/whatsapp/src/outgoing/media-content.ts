import { z } from 'zod';
import { boundedText, httpUrlSchema } from './text-limits';

const source = {
  id: z.string().min(1, { error: 'must not be empty' }).optional(),
  link: httpUrlSchema.optional(),
};
const caption = boundedText(1, 1024).optional();

// Meta rejects a media object with both or neither of id/link; say so at the object's path.
function exactlyOneSource(value: { id?: string | undefined; link?: string | undefined }, ctx: z.RefinementCtx) {
  if ((value.id === undefined) === (value.link === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'exactly one of id or link is required' });
  }
}

/** A media reference by uploaded media `id` or public `link` (exactly one), as used in headers and template parameters. */
export const mediaRefSchema = z.strictObject(source).superRefine(exactlyOneSource);

/** Document reference for headers and template parameters: like a media reference plus an optional filename. */
export const documentRefSchema = z
  .strictObject({ ...source, filename: boundedText(1, 240).optional() })
  .superRefine(exactlyOneSource);

/** `image` object of an image message: id or link, optional caption (≤1024). */
export const imageContentSchema = z.strictObject({ ...source, caption }).superRefine(exactlyOneSource);

/** `video` object of a video message: id or link, optional caption (≤1024). */
export const videoContentSchema = z.strictObject({ ...source, caption }).superRefine(exactlyOneSource);

/** `audio` object of an audio message: id or link only (Meta allows no caption on audio). */
export const audioContentSchema = z.strictObject(source).superRefine(exactlyOneSource);

/** `document` object of a document message: id or link, optional caption (≤1024) and filename. */
export const documentContentSchema = z
  .strictObject({ ...source, caption, filename: boundedText(1, 240).optional() })
  .superRefine(exactlyOneSource);

/** `sticker` object of a sticker message: id or link only (no caption). */
export const stickerContentSchema = z.strictObject(source).superRefine(exactlyOneSource);

export type MediaRef = z.infer<typeof mediaRefSchema>;
export type ImageContent = z.infer<typeof imageContentSchema>;
export type VideoContent = z.infer<typeof videoContentSchema>;
export type AudioContent = z.infer<typeof audioContentSchema>;
export type DocumentContent = z.infer<typeof documentContentSchema>;
export type StickerContent = z.infer<typeof stickerContentSchema>;
