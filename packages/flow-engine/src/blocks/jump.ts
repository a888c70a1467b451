import { z } from 'zod';
import type { BlockDefinition, BlockFinding } from './block-definition';

const dataSchema = z.object({
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('node'), nodeId: z.string() }),
    z.object({ kind: z.literal('flow'), flowId: z.string().min(1), nodeId: z.string().optional() }),
  ]),
});
export type JumpData = z.infer<typeof dataSchema>;

/** Jump: continues at another node of this flow, or hands over to another flow (a `jump` effect). */
export const jumpBlock = {
  type: 'jump',
  label: 'Jump',
  category: 'flow',
  dataSchema,
  defaultData: { target: { kind: 'node', nodeId: '' } },
  pauses: false,
  sendsFreeForm: () => false,
  handles: () => [],
  reads: () => [],
  writes: () => [],
  run(ctx) {
    const target = ctx.data.target;
    if (target.kind === 'node') return { outcome: { kind: 'goto', nodeId: target.nodeId } };
    return {
      effects: [
        {
          type: 'jump',
          nodeId: ctx.nodeId,
          flowId: target.flowId,
          ...(target.nodeId ? { targetNodeId: target.nodeId } : {}),
          variables: ctx.variables,
        },
      ],
      outcome: { kind: 'end', reason: 'jumped', detail: `to flow ${target.flowId}` },
    };
  },
  lint(data, ctx) {
    const findings: BlockFinding[] = [];
    if (data.target.kind === 'node' && !ctx.nodeIds.has(data.target.nodeId)) {
      findings.push({ severity: 'error', code: 'jump_target_missing', message: `no node "${data.target.nodeId}" to jump to` });
    }
    return findings;
  },
} satisfies BlockDefinition<JumpData, 'jump'>;
