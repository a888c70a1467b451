import { z } from 'zod';
import type { BlockDefinition } from './block-definition';

const unitMs = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

const dataSchema = z.object({
  amount: z.number().positive().max(365 * 24 * 3600),
  unit: z.enum(['seconds', 'minutes', 'hours', 'days']),
});
export type WaitData = z.infer<typeof dataSchema>;

/** How long a wait block waits, in milliseconds. */
export function waitDurationMs(data: WaitData): number {
  return Math.round(data.amount * unitMs[data.unit]);
}

/** Wait: durable pause; emits a `wait` effect with the wake-up time and resumes on a `timer` event. */
export const waitBlock = {
  type: 'wait',
  label: 'Wait',
  category: 'logic',
  dataSchema,
  defaultData: { amount: 1, unit: 'hours' },
  pauses: true,
  sendsFreeForm: () => false,
  handles: () => [{ id: 'next', label: 'After the wait' }],
  reads: () => [],
  writes: () => [],
  run(ctx) {
    const wakeAtMs = ctx.nowMs + waitDurationMs(ctx.data);
    const wakeAt = new Date(wakeAtMs).toISOString();
    return {
      effects: [{ type: 'wait', nodeId: ctx.nodeId, wakeAt, wakeAtMs }],
      outcome: { kind: 'wait', waitingFor: { kind: 'timer', wakeAt } },
    };
  },
  resume(ctx) {
    const wakeAt = ctx.waitingFor.wakeAt ?? ctx.nowIso;
    const wakeAtMs = Date.parse(wakeAt);
    if (ctx.event.type === 'timer' && ctx.nowMs >= wakeAtMs) return { outcome: { kind: 'next', handle: 'next' } };
    // Early or duplicate timer: keep waiting and repeat the wait so the worker's timer stays scheduled.
    return {
      effects: [{ type: 'wait', nodeId: ctx.nodeId, wakeAt, wakeAtMs }],
      outcome: { kind: 'wait', waitingFor: { kind: 'timer', wakeAt } },
    };
  },
  lint: () => [],
} satisfies BlockDefinition<WaitData, 'wait'>;
