import { bindFlowTest, requireTestChannel, testContactWaId } from '../../../bot-test/flow-test-run';
import { roleProcedure } from '../../init';
import { findWorkspaceFlow } from '../flow/flow-access';
import { flowTestRunBindOutput, flowTestRunInput } from './bot-test.schema';

/**
 * The test panel's Reset (editors and up): ends the test conversation's flow session, gives it back
 * to the bot if a handoff took it, and binds the test contact to a fresh snapshot of the draft.
 */
export const flowTestRunReset = roleProcedure('editor')
  .input(flowTestRunInput)
  .output(flowTestRunBindOutput)
  .mutation(async ({ ctx, input }) => {
    // Another workspace's flow is NOT_FOUND before anything else is said about this one.
    await findWorkspaceFlow(ctx.prisma, ctx.workspace.id, input.flowId);
    const channel = await requireTestChannel(ctx.prisma, ctx.workspace.id);
    return bindFlowTest(ctx.prisma, {
      workspaceId: ctx.workspace.id, flowId: input.flowId, channelId: channel.id, waId: testContactWaId(ctx.session.userId), contactName: `Test: ${ctx.session.email}`, reset: true,
    });
  });
