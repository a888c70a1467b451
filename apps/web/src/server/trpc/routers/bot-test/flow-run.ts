import { isDeepStrictEqual } from 'node:util';
import { listMessages } from '@switchboard/core';
import { sessionSchema } from '@switchboard/flow-engine';
import { findTestChannel, testContactWaId } from '../../../bot-test/flow-test-run';
import { getSecretBox } from '../../../secret-box';
import { roleProcedure } from '../../init';
import { findWorkspaceFlow } from '../flow/flow-access';
import { flowTestRunInput, flowTestRunOutput } from './bot-test.schema';

/**
 * The live test run of a flow (editors and up; the panel polls it): the user's test conversation on
 * the workspace's sandbox channel as stored — messages with their statuses — and the flow session's
 * current node and variables.
 */
export const flowTestRun = roleProcedure('editor')
  .input(flowTestRunInput)
  .output(flowTestRunOutput)
  .query(async ({ ctx, input }) => {
    const workspaceId = ctx.workspace.id;
    const flow = await findWorkspaceFlow(ctx.prisma, workspaceId, input.flowId);
    const waId = testContactWaId(ctx.session.userId);
    const channel = await findTestChannel(ctx.prisma, workspaceId);
    const empty = { waId, snapshot: null, owner: null, messages: [], session: null };
    if (!channel) return { ...empty, channel: null };
    const channelView = { id: channel.id, phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber, botName: channel.bot?.name ?? null };
    const contact = await ctx.prisma.contact.findUnique({
      where: { workspaceId_waId: { workspaceId, waId } },
      select: { id: true, testFlowVersion: { select: { id: true, version: true, flowId: true } } },
    });
    if (!contact) return { ...empty, channel: channelView };
    const bound = contact.testFlowVersion;
    const snapshot = bound && bound.flowId === flow.id ? { versionId: bound.id, version: bound.version } : null;
    const conversation = await ctx.prisma.conversation.findUnique({
      where: { channelId_contactId: { channelId: channel.id, contactId: contact.id } },
      select: { id: true, owner: true },
    });
    if (!conversation) return { ...empty, channel: channelView, snapshot };
    const [page, row] = await Promise.all([
      listMessages({ prisma: ctx.prisma, secretBox: getSecretBox() }, workspaceId, { conversation_id: conversation.id, limit: 100 }),
      ctx.prisma.flowSession.findFirst({
        where: { conversationId: conversation.id, workspaceId, flowVersion: { flowId: flow.id } },
        orderBy: { createdAt: 'desc' },
        select: { id: true, state: true, flowVersion: { select: { version: true, kind: true, document: true } } },
      }),
    ]);
    const parsed = row ? sessionSchema.safeParse(row.state) : null;
    const session =
      row && parsed?.success
        ? {
            id: row.id,
            version: row.flowVersion.version,
            kind: row.flowVersion.kind,
            stale: !isDeepStrictEqual(row.flowVersion.document, flow.draft),
            status: parsed.data.status,
            currentNodeId: parsed.data.currentNodeId,
            waitingFor: parsed.data.waitingFor?.kind ?? null,
            endReason: parsed.data.endReason ?? null,
            variables: parsed.data.variables,
          }
        : null;
    const messages = [...page.data].reverse().map(({ id, direction, type, content, status, created_at, error }) => ({ id, direction, type, content, status, created_at, ...(error ? { error } : {}) }));
    return { channel: channelView, waId, snapshot, owner: conversation.owner, messages, session };
  });
