import type { Redis } from 'ioredis';
import { z } from 'zod';
import { outboundLaneSchema } from './outbound-entry';
import { createOutboundScheduler, type OutboundSchedulerOptions } from './outbound-scheduler';

/** A committed outbound message to hand to the send pipeline; the priority names the lane. */
export const outboundDispatchSchema = z.object({
  messageId: z.uuid(),
  workspaceId: z.uuid(),
  channelId: z.uuid(),
  priority: outboundLaneSchema,
});
export type OutboundDispatch = z.infer<typeof outboundDispatchSchema>;

/**
 * Implements core's `OutboundDispatcher` port on the outbound scheduler. Idempotent: dispatching a
 * message that is already scheduled does nothing, so the API, the outbox relay and the sweep may all
 * dispatch the same message. Use a connection that fails fast when Redis is down
 * (`enableOfflineQueue: false` or a small `maxRetriesPerRequest`): the outbox relay covers the gap.
 */
export function createOutboundDispatcher(redis: Redis, options: Pick<OutboundSchedulerOptions, 'prefix'> = {}) {
  const scheduler = createOutboundScheduler(redis, options);
  return {
    /** Schedules one message in its lane. */
    async dispatchOutbound(job: OutboundDispatch): Promise<void> {
      const { messageId, workspaceId, channelId, priority } = outboundDispatchSchema.parse(job);
      await scheduler.enqueue([{ messageId, workspaceId, channelId, lane: priority }]);
    },
    /** Schedules many messages in one round trip; returns how many were not already scheduled. */
    async dispatchOutboundMany(jobs: OutboundDispatch[]): Promise<number> {
      const entries = jobs.map((job) => {
        const { messageId, workspaceId, channelId, priority } = outboundDispatchSchema.parse(job);
        return { messageId, workspaceId, channelId, lane: priority };
      });
      return scheduler.enqueue(entries);
    },
  };
}
