import { z } from 'zod';
import { whatsappLimits } from '../limits';
import { interpolate, referencedVariables } from '../runtime/interpolate';
import type { BlockDefinition, BlockFinding } from './block-definition';
import { freeFormSend, templateReads, templateRefSchema, windowClosedResult } from './free-form';
import { checkLength, checkNotEmpty, clip } from './lint-helpers';

const dataSchema = z.object({
  text: z.string(),
  previewUrl: z.boolean().optional(),
  fallbackTemplate: templateRefSchema.optional(),
});
export type TextData = z.infer<typeof dataSchema>;

/** Text: sends a message with `{{variables}}` filled in. */
export const textBlock = {
  type: 'text',
  label: 'Text',
  category: 'message',
  dataSchema,
  defaultData: { text: '' },
  pauses: false,
  sendsFreeForm: (data) => data.fallbackTemplate === undefined,
  handles: () => [{ id: 'next', label: 'Next' }],
  reads: (data) => [...referencedVariables(data.text), ...templateReads(data.fallbackTemplate)],
  writes: () => [],
  run(ctx) {
    const body = clip(interpolate(ctx.data.text, ctx.variables), whatsappLimits.textBody);
    if (body.trim() === '') {
      // Meta rejects an empty body; a template that rendered empty is skipped, not sent.
      return {
        effects: [{ type: 'log', level: 'warn', code: 'empty_text_skipped', message: 'text rendered empty', nodeId: ctx.nodeId }],
        outcome: { kind: 'next', handle: 'next' },
      };
    }
    const message = {
      type: 'text' as const,
      text: { body, ...(ctx.data.previewUrl === undefined ? {} : { preview_url: ctx.data.previewUrl }) },
    };
    const effect = freeFormSend(ctx, message, ctx.data.fallbackTemplate);
    if (!effect) return windowClosedResult(ctx.nodeId);
    return { effects: [effect], outcome: { kind: 'next', handle: 'next' } };
  },
  lint(data) {
    const findings: BlockFinding[] = [];
    checkNotEmpty(findings, data.text, 'text');
    checkLength(findings, data.text, whatsappLimits.textBody, 'text_too_long', 'text');
    return findings;
  },
} satisfies BlockDefinition<TextData, 'text'>;
