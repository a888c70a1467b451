import { z } from 'zod';
import type { Variables } from '../json-value';
import type { FlowEffect } from '../runtime/flow-effect';
import { interpolate, referencedVariables } from '../runtime/interpolate';
import type { OutgoingMessage, TemplateMessage } from '../runtime/outgoing-message';
import type { BlockResult, RunContext } from './block-definition';

/** An approved template: name, language and body parameters (each a `{{variable}}` template). */
export const templateRefSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, { error: 'must be a template name (lowercase letters, digits, _)' }),
  language: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, { error: 'must be a language code such as en or en_US' }),
  parameters: z.array(z.string()).default([]),
});
export type TemplateRef = z.infer<typeof templateRefSchema>;

/** Builds the Cloud API template message for `ref`, rendering its parameters from variables. */
export function templateMessage(ref: TemplateRef, variables: Variables): TemplateMessage {
  const parameters = ref.parameters.map((p) => ({ type: 'text' as const, text: interpolate(p, variables) }));
  return {
    type: 'template',
    template: {
      name: ref.name,
      language: { code: ref.language },
      ...(parameters.length > 0 ? { components: [{ type: 'body' as const, parameters }] } : {}),
    },
  };
}

/** Variables a template reference reads. */
export function templateReads(ref: TemplateRef | undefined): string[] {
  return ref ? ref.parameters.flatMap(referencedVariables) : [];
}

/**
 * Sends `message` when the 24 h window is open; otherwise its fallback template, or nothing:
 * then the caller ends the session with `windowClosedResult`.
 */
export function freeFormSend(
  ctx: RunContext<unknown>,
  message: OutgoingMessage,
  fallbackTemplate: TemplateRef | undefined,
): FlowEffect | null {
  if (ctx.windowOpen) return { type: 'send', nodeId: ctx.nodeId, message };
  if (fallbackTemplate) return { type: 'send', nodeId: ctx.nodeId, message: templateMessage(fallbackTemplate, ctx.variables) };
  return null;
}

/** The session ends with a recorded reason because a free-form send has no window and no fallback. */
export function windowClosedResult(nodeId: string): BlockResult {
  const message = `node ${nodeId} sends a free-form message outside the 24 h window and has no fallback template`;
  return {
    effects: [{ type: 'log', level: 'warn', code: 'window_closed', message, nodeId }],
    outcome: { kind: 'end', reason: 'window_closed', detail: message },
  };
}
