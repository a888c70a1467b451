import { createBotTestRuntime } from '../../../bot-test/bot-test-runtime';
import { runFlowTest } from '../../../bot-test/run-flow-test';
import { aiSecretBox } from '../../../ai/ai-deps';
import { roleProcedure } from '../../init';
import { flowTestTurnInput, flowTestTurnOutput } from './bot-test.schema';

/**
 * The test panel of the flow builder: one message (or a due wait) through the
 * draft or the published flow with the worker's engine chain, in memory.
 * Editors and up: HTTP blocks and AI steps really run.
 */
export const flowTestTurn = roleProcedure('editor')
  .input(flowTestTurnInput)
  .output(flowTestTurnOutput)
  .mutation(async ({ ctx, input }) => {
    const runtime = createBotTestRuntime();
    try {
      const result = await runFlowTest(ctx.prisma, aiSecretBox(), runtime, { ...input, workspaceId: ctx.workspace.id });
      return {
        ...result,
        variables: result.session?.variables ?? {},
        status: result.session?.status ?? 'none',
        waitingFor: result.session?.waitingFor?.kind ?? null,
      };
    } finally {
      await runtime.close();
    }
  });
