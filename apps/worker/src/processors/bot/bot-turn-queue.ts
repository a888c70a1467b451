import { defineQueue } from '@switchboard/queue';
import { z } from 'zod';

/** Why a conversation's turn was asked for; the turn itself always looks at everything due. */
export const botTurnJobSchema = z.object({
  conversationId: z.uuid(),
  reason: z.enum(['inbound', 'burst', 'timer']),
  /** Makes the job id unique per cause: the input id, the timer's due time, the burst's end. */
  key: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  traceId: z.string().regex(/^[0-9a-f]{32}$/).optional(),
});
export type BotTurnJob = z.infer<typeof botTurnJobSchema>;

/**
 * The `bot-turn` queue: one job per cause, deterministic ids (so the sweep and
 * a retry never add a second copy while one exists), payloads carry ids only.
 * Completed jobs are dropped at once: `bot_turn_inputs.consumed_at` and
 * `flow_sessions.waiting_until` in Postgres are the durable record.
 */
export const botTurnQueue = defineQueue({
  name: 'bot-turn',
  schema: botTurnJobSchema,
  jobOptions: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
  },
  jobId: (job) => `${job.reason}-${job.conversationId}-${job.key}`,
});
