import { z } from 'zod';
import { whatsappLimits } from '../limits';
import { interpolate, referencedVariables } from '../runtime/interpolate';
import type { OutgoingMessage } from '../runtime/outgoing-message';
import type { BlockDefinition, BlockFinding } from './block-definition';
import { freeFormSend, templateReads, templateRefSchema, windowClosedResult } from './free-form';
import { checkLength, clip } from './lint-helpers';

const dataSchema = z.object({
  mediaType: z.enum(['image', 'video', 'audio', 'document']),
  /** Public http(s) URL Meta fetches (may hold `{{variables}}`)… */
  link: z.string().optional(),
  /** …or the id of media uploaded to Meta: exactly one of the two. */
  mediaId: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  fallbackTemplate: templateRefSchema.optional(),
});
export type MediaData = z.infer<typeof dataSchema>;

function mediaMessage(data: MediaData, render: (s: string) => string): OutgoingMessage {
  const source = data.mediaId ? { id: data.mediaId } : { link: render(data.link ?? '') };
  const caption = data.caption ? clip(render(data.caption), whatsappLimits.caption) : '';
  const withCaption = caption.trim() === '' ? {} : { caption };
  switch (data.mediaType) {
    case 'image':
      return { type: 'image', image: { ...source, ...withCaption } };
    case 'video':
      return { type: 'video', video: { ...source, ...withCaption } };
    case 'audio':
      return { type: 'audio', audio: source };
    case 'document':
      return { type: 'document', document: { ...source, ...withCaption, ...(data.filename ? { filename: data.filename } : {}) } };
  }
}

/** Media: sends an image, video, audio or document by link or media id, with a caption. */
export const mediaBlock = {
  type: 'media',
  label: 'Media',
  category: 'message',
  dataSchema,
  defaultData: { mediaType: 'image' },
  pauses: false,
  sendsFreeForm: (data) => data.fallbackTemplate === undefined,
  handles: () => [{ id: 'next', label: 'Next' }],
  reads: (data) => [
    ...referencedVariables(data.link ?? ''),
    ...referencedVariables(data.caption ?? ''),
    ...templateReads(data.fallbackTemplate),
  ],
  writes: () => [],
  run(ctx) {
    const effect = freeFormSend(ctx, mediaMessage(ctx.data, (s) => interpolate(s, ctx.variables)), ctx.data.fallbackTemplate);
    if (!effect) return windowClosedResult(ctx.nodeId);
    return { effects: [effect], outcome: { kind: 'next', handle: 'next' } };
  },
  lint(data) {
    const findings: BlockFinding[] = [];
    const hasLink = Boolean(data.link?.trim());
    const hasId = Boolean(data.mediaId?.trim());
    if (hasLink === hasId) {
      findings.push({ severity: 'error', code: 'media_source', message: 'set exactly one of a link or a media id' });
    }
    if (hasLink && !/^(https?:\/\/|\{\{)/.test(data.link ?? '')) {
      findings.push({ severity: 'error', code: 'invalid_url', message: 'the media link must be an http(s) URL' });
    }
    checkLength(findings, data.caption, whatsappLimits.caption, 'caption_too_long', 'caption');
    if (data.mediaType === 'audio' && data.caption) {
      findings.push({ severity: 'warning', code: 'caption_ignored', message: 'WhatsApp shows no caption on audio' });
    }
    return findings;
  },
} satisfies BlockDefinition<MediaData, 'media'>;
