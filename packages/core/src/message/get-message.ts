import type { PrismaClient, SecretBox } from '@switchboard/db';
import { AppError } from '../app-error';
import { toMessageEventView, toMessageView, type MessageWithEventsView } from './message-view';
import { orderTimeline } from './order-timeline';

/** One message of the workspace with its status events in the order they happened (`orderTimeline`), or 404 (also for another workspace's id). */
export async function getMessage(
  deps: { prisma: PrismaClient; secretBox: SecretBox },
  workspaceId: string,
  messageId: string,
): Promise<MessageWithEventsView> {
  const message = await deps.prisma.message.findFirst({
    where: { id: messageId, workspaceId },
    include: { events: { orderBy: [{ at: 'asc' }, { receivedAt: 'asc' }, { id: 'asc' }], take: 500 } },
  });
  if (!message) throw new AppError('not_found', `Message ${messageId} not found`);
  const { events, ...row } = message;
  return { ...toMessageView(row, deps.secretBox), events: orderTimeline(events).map(toMessageEventView) };
}
