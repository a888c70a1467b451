import { z } from 'zod';
import { whatsappLimits } from '../limits';
import { interpolate, referencedVariables } from '../runtime/interpolate';
import type { BlockDefinition, BlockFinding } from './block-definition';
import { templateMessage, templateReads, templateRefSchema } from './free-form';
import { checkLength, clip } from './lint-helpers';

const dataSchema = z.object({
  template: templateRefSchema,
  /** Sent instead of the template while the 24 h window is open (cheaper, and free-form). */
  freeFormText: z.string().optional(),
});
export type TemplateData = z.infer<typeof dataSchema>;

/** Template: window-aware; free-form text while the window is open (when given), the approved template otherwise. */
export const templateBlock = {
  type: 'template',
  label: 'Template',
  category: 'message',
  dataSchema,
  defaultData: { template: { name: 'hello_world', language: 'en_US', parameters: [] } },
  pauses: false,
  sendsFreeForm: () => false,
  handles: () => [{ id: 'next', label: 'Next' }],
  reads: (data) => [...templateReads(data.template), ...referencedVariables(data.freeFormText ?? '')],
  writes: () => [],
  run(ctx) {
    const text = ctx.data.freeFormText ? clip(interpolate(ctx.data.freeFormText, ctx.variables), whatsappLimits.textBody) : '';
    const message = ctx.windowOpen && text.trim() !== '' ? { type: 'text' as const, text: { body: text } } : templateMessage(ctx.data.template, ctx.variables);
    return { effects: [{ type: 'send', nodeId: ctx.nodeId, message }], outcome: { kind: 'next', handle: 'next' } };
  },
  lint(data) {
    const findings: BlockFinding[] = [];
    checkLength(findings, data.freeFormText, whatsappLimits.textBody, 'text_too_long', 'free-form text');
    return findings;
  },
} satisfies BlockDefinition<TemplateData, 'template'>;
