import { z } from 'zod';
import { jsonValueSchema } from '../json-value';
import { outgoingMessageSchema } from './outgoing-message';

const variablesSchema = z.record(z.string(), jsonValueSchema);

/**
 * What the worker must do after a step, in order. The engine never performs IO; see docs/flows.md
 * for each effect's contract (notably `http`: the worker SSRF-guards, times out and caps the size).
 */
export const flowEffectSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('send'), nodeId: z.string(), message: outgoingMessageSchema }),
  z.object({
    type: z.literal('http'),
    nodeId: z.string(),
    request: z.object({
      method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
      url: z.string(),
      headers: z.record(z.string(), z.string()),
      body: z.string().optional(),
      timeoutMs: z.number().int().positive(),
      maxResponseBytes: z.number().int().positive(),
    }),
  }),
  z.object({
    type: z.literal('ai'),
    nodeId: z.string(),
    instructions: z.string(),
    prompt: z.string(),
    model: z.string().optional(),
    outputVariable: z.string().optional(),
    outputSchema: z.record(z.string(), jsonValueSchema).optional(),
    mode: z.enum(['reply', 'store']),
  }),
  z.object({ type: z.literal('wait'), nodeId: z.string(), wakeAt: z.string(), wakeAtMs: z.number() }),
  z.object({ type: z.literal('handoff'), nodeId: z.string(), reason: z.string() }),
  z.object({ type: z.literal('set_variables'), nodeId: z.string().optional(), variables: variablesSchema }),
  z.object({
    type: z.literal('jump'),
    nodeId: z.string(),
    flowId: z.string(),
    targetNodeId: z.string().optional(),
    variables: variablesSchema,
  }),
  z.object({ type: z.literal('end'), reason: z.string(), nodeId: z.string().optional(), detail: z.string().optional() }),
  z.object({
    type: z.literal('log'),
    level: z.enum(['info', 'warn', 'error']),
    code: z.string(),
    message: z.string(),
    nodeId: z.string().optional(),
  }),
]);

export type FlowEffect = z.infer<typeof flowEffectSchema>;
export type FlowEffectOf<T extends FlowEffect['type']> = Extract<FlowEffect, { type: T }>;
