import { z } from 'zod';
import type { BlockDefinition } from './block-definition';

const dataSchema = z.object({ reason: z.string().min(1).default('completed') });
export type EndData = z.infer<typeof dataSchema>;

/** End: ends the session with a reason. */
export const endBlock = {
  type: 'end',
  label: 'End',
  category: 'flow',
  dataSchema,
  defaultData: { reason: 'completed' },
  pauses: false,
  sendsFreeForm: () => false,
  handles: () => [],
  reads: () => [],
  writes: () => [],
  run: (ctx) => ({ outcome: { kind: 'end', reason: ctx.data.reason } }),
  lint: () => [],
} satisfies BlockDefinition<EndData, 'end'>;
