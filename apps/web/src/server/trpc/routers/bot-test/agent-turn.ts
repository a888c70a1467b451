import { createBotTestRuntime } from '../../../bot-test/bot-test-runtime';
import { runAgentTest } from '../../../bot-test/run-agent-test';
import { aiSecretBox } from '../../../ai/ai-deps';
import { roleProcedure } from '../../init';
import { agentTestTurnInput, agentTestTurnOutput } from './bot-test.schema';

/**
 * The agent's test panel: one message answered by the bot's agent (or the
 * form's unsaved settings) with the workspace's model, in memory, showing each
 * tool call. Editors and up: the model and HTTP tools really run.
 */
export const agentTestTurn = roleProcedure('editor')
  .input(agentTestTurnInput)
  .output(agentTestTurnOutput)
  .mutation(async ({ ctx, input }) => {
    const runtime = createBotTestRuntime();
    try {
      const { memory, events, outcome, failure, model, usage } = await runAgentTest(ctx.prisma, aiSecretBox(), runtime, {
        ...input,
        workspaceId: ctx.workspace.id,
      });
      return { memory, events, outcome, model, usage, ...(failure ? { failure } : {}) };
    } finally {
      await runtime.close();
    }
  });
