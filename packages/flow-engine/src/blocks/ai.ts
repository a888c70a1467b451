import { z } from 'zod';
import type { Variables } from '../json-value';
import { jsonValueSchema, variableNameSchema } from '../json-value';
import { whatsappLimits } from '../limits';
import type { FlowEffect } from '../runtime/flow-effect';
import { interpolate, referencedVariables, valueToText } from '../runtime/interpolate';
import type { BlockDefinition, BlockFinding } from './block-definition';
import { clip, checkNotEmpty } from './lint-helpers';
import { windowClosedResult } from './free-form';

const dataSchema = z.object({
  instructions: z.string(),
  /** The user-side prompt; may hold `{{variables}}`. */
  prompt: z.string().default(''),
  model: z.string().optional(),
  outputVariable: variableNameSchema.optional(),
  /** A JSON schema the output must match (the executor enforces it). */
  outputSchema: z.record(z.string(), jsonValueSchema).optional(),
  /** `reply`: the engine sends the output as a text message. `store`: only stores it. */
  mode: z.enum(['reply', 'store']).default('reply'),
});
export type AiData = z.infer<typeof dataSchema>;

/** AI step: asks the worker's AI executor for an output; `success` / `error` edges. */
export const aiBlock = {
  type: 'ai',
  label: 'AI step',
  category: 'integration',
  dataSchema,
  defaultData: { instructions: '', prompt: '', mode: 'reply' },
  pauses: false,
  sendsFreeForm: (data) => data.mode === 'reply',
  handles: () => [
    { id: 'success', label: 'Success' },
    { id: 'error', label: 'Error' },
  ],
  reads: (data) => [...referencedVariables(data.instructions), ...referencedVariables(data.prompt)],
  writes: (data) => (data.outputVariable ? [data.outputVariable] : []),
  run(ctx) {
    const { data } = ctx;
    return {
      effects: [
        {
          type: 'ai',
          nodeId: ctx.nodeId,
          instructions: interpolate(data.instructions, ctx.variables),
          prompt: interpolate(data.prompt, ctx.variables),
          ...(data.model ? { model: data.model } : {}),
          ...(data.outputVariable ? { outputVariable: data.outputVariable } : {}),
          ...(data.outputSchema ? { outputSchema: data.outputSchema } : {}),
          mode: data.mode,
        },
      ],
      outcome: { kind: 'wait', waitingFor: { kind: 'ai' } },
    };
  },
  resume(ctx) {
    const event = ctx.event;
    if (event.type !== 'ai_result') return { outcome: { kind: 'wait', waitingFor: ctx.waitingFor } };
    if (event.error !== undefined || event.output === undefined) {
      const why = event.error ?? 'the AI step returned no output';
      const effects: FlowEffect[] = [{ type: 'log', level: 'warn', code: 'ai_error', message: why, nodeId: ctx.nodeId }];
      if (ctx.connectedHandles.has('error')) return { effects, outcome: { kind: 'next', handle: 'error' } };
      return { effects, outcome: { kind: 'end', reason: 'ai_error', detail: why } };
    }
    const set: Variables = ctx.data.outputVariable ? { [ctx.data.outputVariable]: event.output } : {};
    if (ctx.data.mode === 'store') return { set, outcome: { kind: 'next', handle: 'success' } };
    const body = clip(valueToText(event.output), whatsappLimits.textBody);
    if (body.trim() === '') return { set, outcome: { kind: 'next', handle: 'success' } };
    if (!ctx.windowOpen) return { ...windowClosedResult(ctx.nodeId), set };
    return {
      set,
      effects: [{ type: 'send', nodeId: ctx.nodeId, message: { type: 'text', text: { body } } }],
      outcome: { kind: 'next', handle: 'success' },
    };
  },
  lint(data, ctx) {
    const findings: BlockFinding[] = [];
    checkNotEmpty(findings, data.instructions, 'instructions');
    if (data.mode === 'store' && !data.outputVariable) {
      findings.push({ severity: 'error', code: 'missing_output_variable', message: 'store mode needs an output variable' });
    }
    if (!ctx.connectedHandles.has('error')) {
      findings.push({ severity: 'warning', code: 'unconnected_handle', message: '"Error" is not connected: a failed AI step ends the conversation' });
    }
    return findings;
  },
} satisfies BlockDefinition<AiData, 'ai'>;
