import { aiProviderInputSchema, aiProviderViewSchema } from '@switchboard/core';
import { z } from 'zod';
import { workspaceInput } from '../../init';

export const getAiProviderInput = workspaceInput;
export const getAiProviderOutput = aiProviderViewSchema;

export const saveAiProviderInput = z.object({ workspaceId: z.uuid().optional(), provider: aiProviderInputSchema });
export const saveAiProviderOutput = aiProviderViewSchema;

/** Test the stored provider, or the form's values before saving (a blank key keeps the stored one). */
export const testAiProviderInput = z.object({
  workspaceId: z.uuid().optional(),
  provider: z.object({ baseUrl: z.url().optional(), apiKey: z.string().min(1).max(500).optional(), model: z.string().min(1).max(200).optional() }).optional(),
});
export const testAiProviderOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), model: z.string(), latencyMs: z.number() }),
  z.object({ ok: z.literal(false), error: z.string(), status: z.number().optional() }),
]);
