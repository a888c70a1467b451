import { getEnv } from '../../../../env';
import { bindFlowTest, postToSandbox, requireTestChannel, testContactWaId, type SandboxInbound } from '../../../bot-test/flow-test-run';
import { sandboxUrl } from '../../../channels/channel-deps';
import { roleProcedure } from '../../init';
import { findWorkspaceFlow } from '../flow/flow-access';
import { flowTestRunBindOutput, flowTestRunSendInput, type BotTestInput } from './bot-test.schema';

const toSandbox = (content: BotTestInput): SandboxInbound => {
  if (content.type === 'text') return { type: 'text', text: { body: content.body } };
  if (content.type === 'button_reply') return { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: content.id, title: content.title } } };
  const { id, title, description } = content;
  return { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title, ...(description ? { description } : {}) } } };
};

/**
 * The test panel sends a message (editors and up): the user's test contact is bound to a snapshot of
 * the current draft, then the message goes to the sandbox as that contact and travels the real
 * pipeline (signed webhook → api → worker → bot turn → outbound → sandbox). Answers arrive in `botTest.flowRun`.
 */
export const flowTestRunSend = roleProcedure('editor')
  .input(flowTestRunSendInput)
  .output(flowTestRunBindOutput)
  .mutation(async ({ ctx, input }) => {
    // Another workspace's flow is NOT_FOUND before anything else is said about this one.
    await findWorkspaceFlow(ctx.prisma, ctx.workspace.id, input.flowId);
    const channel = await requireTestChannel(ctx.prisma, ctx.workspace.id);
    const waId = testContactWaId(ctx.session.userId);
    const bound = await bindFlowTest(ctx.prisma, {
      workspaceId: ctx.workspace.id, flowId: input.flowId, channelId: channel.id, waId, contactName: `Test: ${ctx.session.email}`, reset: false,
    });
    await postToSandbox(sandboxUrl(getEnv()), channel.phoneNumberId, waId, toSandbox(input.content));
    return bound;
  });
