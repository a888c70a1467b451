import { z } from 'zod';
import { jsonValueSchema } from '../json-value';

/** What a waiting session expects next, at which node; `attempts` counts invalid answers to an ask. */
export const waitingForSchema = z.object({
  kind: z.enum(['input', 'timer', 'http', 'ai']),
  nodeId: z.string(),
  attempts: z.number().int().nonnegative().optional(),
  wakeAt: z.string().optional(),
});

/** A conversation's progress through one flow version: plain JSON, stored by the runtime between turns. */
export const sessionSchema = z.object({
  flowVersionId: z.string().optional(),
  currentNodeId: z.string().nullable(),
  waitingFor: waitingForSchema.nullable(),
  variables: z.record(z.string(), jsonValueSchema),
  startedAt: z.string(),
  lastActivityAt: z.string(),
  status: z.enum(['active', 'waiting', 'ended']),
  endReason: z.string().optional(),
  /** Every node this session has run, once each in first-visit order (the per-node funnel's "reached"). */
  visitedNodeIds: z.array(z.string()).optional(),
  /** Nodes the user sent a message at while the session was there (the funnel's "replied"). */
  repliedNodeIds: z.array(z.string()).optional(),
});

export type WaitingFor = z.infer<typeof waitingForSchema>;
export type Session = z.infer<typeof sessionSchema>;
