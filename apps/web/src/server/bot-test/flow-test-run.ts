import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { AppError, lockConversation } from '@switchboard/core';
import type { Prisma, PrismaClient } from '@switchboard/db';
import { lintFlow } from '@switchboard/flow-engine';
import { findWorkspaceFlow, parseFlowDocument } from '../trpc/routers/flow/flow-access';

/**
 * The WhatsApp id of a user's test contact in a workspace: `1999` and eight digits derived from the
 * user id, so each person testing gets their own conversation on the sandbox number.
 */
export function testContactWaId(userId: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(`flow-test:${userId}`).digest('hex').slice(0, 12)}`) % 100_000_000n;
  return `1999${digits.toString().padStart(8, '0')}`;
}

/** The workspace's sandbox channel the test panel chats through (the oldest active one), with the bot that answers it. */
export async function findTestChannel(db: PrismaClient | Prisma.TransactionClient, workspaceId: string) {
  const channel = await db.channel.findFirst({
    where: { workspaceId, kind: 'sandbox', status: 'active', deletedAt: null },
    orderBy: { createdAt: 'asc' },
    select: { id: true, phoneNumberId: true, displayPhoneNumber: true, bots: { where: { enabled: true }, orderBy: { createdAt: 'asc' }, take: 1, select: { id: true, name: true } } },
  });
  if (!channel) return null;
  const { bots, ...rest } = channel;
  return { ...rest, bot: bots[0] ?? null };
}

/** The sandbox channel, or a clear error saying what to set up first. */
export async function requireTestChannel(db: PrismaClient, workspaceId: string) {
  const channel = await findTestChannel(db, workspaceId);
  if (!channel) throw new AppError('unprocessable', 'The test panel chats through a sandbox channel, and this workspace has none. Create one on the Channels page.');
  if (!channel.bot) throw new AppError('unprocessable', 'The sandbox channel has no enabled bot, so nothing would answer. Attach a bot to it on the Bots page.');
  return channel;
}

export interface BindTestInput {
  workspaceId: string;
  flowId: string;
  channelId: string;
  waId: string;
  /** Shown for the test contact in the inbox. */
  contactName: string;
  /** End the conversation's flow session and give it back to the bot (the panel's Reset). */
  reset: boolean;
}

/**
 * Snapshots the flow's current draft as a test version (the newest test version is reused while the
 * draft is unchanged) and binds the user's test contact to it: the worker starts that contact's next
 * flow session on the snapshot instead of the bot's published version. A session already running
 * stays on the version it started on, as after a publish; `reset` ends it (under the conversation's
 * turn lock, so never in the middle of a turn) and hands a handed-off test conversation back to the bot.
 */
export async function bindFlowTest(db: PrismaClient, input: BindTestInput): Promise<{ versionId: string; version: number }> {
  return db.$transaction(async (tx) => {
    // The row lock serialises snapshots of one flow, so test version numbers never collide.
    await tx.$queryRaw`SELECT id FROM flows WHERE id = ${input.flowId}::uuid FOR UPDATE`;
    const flow = await findWorkspaceFlow(tx, input.workspaceId, input.flowId);
    const document = parseFlowDocument(flow.draft);
    const errors = lintFlow(document).filter((finding) => finding.severity === 'error');
    if (errors.length > 0) {
      throw new AppError('unprocessable', `The draft has ${errors.length} lint error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before testing.`, {
        details: { findings: errors },
      });
    }
    const newest = await tx.flowVersion.findFirst({
      where: { flowId: flow.id, kind: 'test' },
      orderBy: { version: 'desc' },
      select: { id: true, version: true, document: true },
    });
    const snapshot =
      newest && isDeepStrictEqual(newest.document, document)
        ? newest
        : await tx.flowVersion.create({
            data: { workspaceId: input.workspaceId, flowId: flow.id, kind: 'test', version: (newest?.version ?? 0) + 1, document: document as unknown as Prisma.InputJsonValue },
            select: { id: true, version: true },
          });
    const contact = await tx.contact.upsert({
      where: { workspaceId_waId: { workspaceId: input.workspaceId, waId: input.waId } },
      create: { workspaceId: input.workspaceId, waId: input.waId, name: input.contactName, testFlowVersionId: snapshot.id },
      update: { testFlowVersionId: snapshot.id },
      select: { id: true },
    });
    if (input.reset) {
      const conversation = await tx.conversation.findUnique({ where: { channelId_contactId: { channelId: input.channelId, contactId: contact.id } }, select: { id: true } });
      if (conversation) {
        await lockConversation(tx, 'turn', conversation.id);
        await tx.$executeRaw`UPDATE flow_sessions
          SET status = 'ended', waiting_until = NULL,
            state = state || jsonb_build_object('status', 'ended', 'waitingFor', NULL, 'endReason', 'test_reset')
          WHERE conversation_id = ${conversation.id}::uuid AND status IN ('active', 'waiting')`;
        await tx.conversation.update({ where: { id: conversation.id }, data: { owner: 'bot', handoffAt: null } });
      }
    }
    return { versionId: snapshot.id, version: snapshot.version };
  });
}

/** What the tester sends: typed text or a tap on a button or list row, in the sandbox's inbound terms. */
export type SandboxInbound =
  | { type: 'text'; text: { body: string } }
  | { type: 'interactive'; interactive: { type: 'button_reply'; button_reply: { id: string; title: string } } }
  | { type: 'interactive'; interactive: { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } } };

/**
 * Posts a message to the sandbox as the test contact (`POST /_sandbox/numbers/{id}/inbound`): the
 * sandbox signs it and delivers it to the api's webhook like Meta would, and the answer comes back
 * through the worker and the outbound pipeline.
 */
export async function postToSandbox(sandboxUrl: string, phoneNumberId: string, from: string, message: SandboxInbound): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${sandboxUrl}/_sandbox/numbers/${encodeURIComponent(phoneNumberId)}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from, ...message }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new AppError('service_unavailable', `The sandbox at ${sandboxUrl} cannot be reached (${(error as Error).message}).`);
  }
  if (res.status === 404) {
    throw new AppError('unprocessable', 'The sandbox does not know this number (it forgets numbers when it restarts). Reconnect the sandbox channel on the Channels page.');
  }
  if (!res.ok) throw new AppError('service_unavailable', `The sandbox refused the message (${res.status}): ${(await res.text()).slice(0, 300)}`);
  const body = (await res.json()) as { delivery?: { status_code?: number; ok?: boolean } };
  if (body.delivery && !body.delivery.ok) {
    throw new AppError('service_unavailable', `The api did not accept the sandbox's webhook (status ${body.delivery.status_code ?? 'none'}); the sandbox retries it.`);
  }
}
