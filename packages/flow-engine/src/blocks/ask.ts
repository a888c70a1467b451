import { z } from 'zod';
import { variableNameSchema } from '../json-value';
import { whatsappLimits } from '../limits';
import { interpolate, referencedVariables } from '../runtime/interpolate';
import type { OutgoingMessage } from '../runtime/outgoing-message';
import type { BlockDefinition, BlockFinding, BlockResult, RunContext } from './block-definition';
import { askInputSchema, validateAnswer } from './ask-validation';
import { freeFormSend, templateReads, templateRefSchema, windowClosedResult } from './free-form';
import { checkLength, checkNotEmpty, clip } from './lint-helpers';

const dataSchema = z.object({
  prompt: z.string(),
  variable: variableNameSchema,
  input: askInputSchema,
  retryPrompt: z.string().default("Sorry, I didn't get that. Please try again."),
  /** Invalid answers allowed before the `fallback` edge; unset = ask again forever. */
  maxAttempts: z.number().int().min(1).max(20).optional(),
  fallbackTemplate: templateRefSchema.optional(),
});
export type AskData = z.infer<typeof dataSchema>;

function prompt(ctx: RunContext<AskData>, text: string, attempts: number): BlockResult {
  const message: OutgoingMessage = { type: 'text', text: { body: clip(interpolate(text, ctx.variables), whatsappLimits.textBody) } };
  const effect = freeFormSend(ctx, message, ctx.data.fallbackTemplate);
  if (!effect) return windowClosedResult(ctx.nodeId);
  return { effects: [effect], outcome: { kind: 'wait', waitingFor: { kind: 'input', attempts } } };
}

/** Ask: prompts, validates the answer (text, number, email, phone, date, choice), stores it; retries, then `fallback`. */
export const askBlock = {
  type: 'ask',
  label: 'Ask',
  category: 'input',
  dataSchema,
  defaultData: { prompt: '', variable: 'answer', input: { kind: 'text' }, retryPrompt: "Sorry, I didn't get that. Please try again." },
  pauses: true,
  sendsFreeForm: (data) => data.fallbackTemplate === undefined,
  handles: (data) => [
    { id: 'next', label: 'Answered' },
    ...(data.maxAttempts === undefined ? [] : [{ id: 'fallback', label: `After ${data.maxAttempts} invalid answers` }]),
  ],
  reads: (data) => [...referencedVariables(data.prompt), ...referencedVariables(data.retryPrompt), ...templateReads(data.fallbackTemplate)],
  writes: (data) => [data.variable],
  run: (ctx) => prompt(ctx, ctx.data.prompt, 0),
  resume(ctx) {
    if (ctx.event.type !== 'message') return { outcome: { kind: 'wait', waitingFor: ctx.waitingFor } };
    const value = validateAnswer(ctx.data.input, ctx.event.content);
    if (value !== undefined) return { set: { [ctx.data.variable]: value }, outcome: { kind: 'next', handle: 'next' } };
    const attempts = (ctx.waitingFor.attempts ?? 0) + 1;
    if (ctx.data.maxAttempts !== undefined && attempts >= ctx.data.maxAttempts) {
      if (ctx.connectedHandles.has('fallback')) return { outcome: { kind: 'next', handle: 'fallback' } };
      return { outcome: { kind: 'end', reason: 'max_attempts', detail: `${attempts} invalid answers` } };
    }
    return prompt(ctx, ctx.data.retryPrompt, attempts);
  },
  lint(data, ctx) {
    const findings: BlockFinding[] = [];
    checkNotEmpty(findings, data.prompt, 'prompt');
    checkLength(findings, data.prompt, whatsappLimits.textBody, 'text_too_long', 'prompt');
    checkNotEmpty(findings, data.retryPrompt, 'retry prompt');
    checkLength(findings, data.retryPrompt, whatsappLimits.textBody, 'text_too_long', 'retry prompt');
    if (data.maxAttempts !== undefined && !ctx.connectedHandles.has('fallback')) {
      findings.push({
        severity: 'error',
        code: 'missing_fallback_edge',
        message: `after ${data.maxAttempts} invalid answers there is nowhere to go: connect the fallback handle`,
      });
    }
    if (data.input.kind === 'choice' && data.input.choices.length === 0) {
      findings.push({ severity: 'error', code: 'no_choices', message: 'a choice question needs at least one choice' });
    }
    if (data.input.kind === 'number' && data.input.min !== undefined && data.input.max !== undefined && data.input.min > data.input.max) {
      findings.push({ severity: 'error', code: 'invalid_range', message: 'minimum is greater than maximum' });
    }
    if (data.input.kind === 'text' && data.input.minLength !== undefined && data.input.maxLength !== undefined && data.input.minLength > data.input.maxLength) {
      findings.push({ severity: 'error', code: 'invalid_range', message: 'minimum length is greater than maximum length' });
    }
    return findings;
  },
} satisfies BlockDefinition<AskData, 'ask'>;
