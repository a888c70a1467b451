import { z } from 'zod';

/** Defaults for the per-turn limits. */
export const defaultStepLimits = {
  /** Nodes one turn may execute before the engine stops the flow as runaway. */
  stepBudget: 50,
  /** A session idle for longer than this ends when the next message arrives. */
  sessionTimeoutMs: 60 * 60 * 1000,
} as const;

/** What the runtime tells the engine about this turn: the clock (never read by the engine), the 24 h window, limits. */
export const stepContextSchema = z.object({
  now: z.union([z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be an ISO date' }), z.number()]),
  windowOpen: z.boolean(),
  flowVersionId: z.string().optional(),
  limits: z
    .object({
      stepBudget: z.number().int().positive().max(10_000).optional(),
      sessionTimeoutMs: z.number().int().positive().optional(),
    })
    .optional(),
});

export type StepContext = z.input<typeof stepContextSchema>;
