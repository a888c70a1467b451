import { z } from 'zod';
import type { BlockDefinition } from './block-definition';

const dataSchema = z.object({ reason: z.string().default('requested') });
export type HandoffData = z.infer<typeof dataSchema>;

/** Handoff: hands the conversation to a person and ends the bot's session. */
export const handoffBlock = {
  type: 'handoff',
  label: 'Handoff',
  category: 'flow',
  dataSchema,
  defaultData: { reason: 'requested' },
  pauses: false,
  sendsFreeForm: () => false,
  handles: () => [],
  reads: () => [],
  writes: () => [],
  run: (ctx) => ({
    effects: [{ type: 'handoff', nodeId: ctx.nodeId, reason: ctx.data.reason }],
    outcome: { kind: 'end', reason: 'handoff' },
  }),
  lint: () => [],
} satisfies BlockDefinition<HandoffData, 'handoff'>;
