import type { MessageStatus } from '@switchboard/db';

export interface TimelineEvent {
  id: string;
  status: MessageStatus;
  at: Date;
  receivedAt: Date;
  source: string;
}

const lifecycle: Record<MessageStatus, number> = { accepted: 0, queued: 1, sending: 2, sent: 3, delivered: 4, read: 5, failed: 6, expired: 7, received: 0 };

/**
 * A message's events in the order they happened. Meta's status timestamps have whole seconds, ours
 * have milliseconds: `sent` at 12:00:05 was Meta's doing after our `sending` at 12:00:05.450, so a
 * Meta event counts as the end of its second; events of the same instant follow the lifecycle
 * (sent before delivered before read), then the order they were recorded in.
 */
export function orderTimeline<E extends TimelineEvent>(events: readonly E[]): E[] {
  const effective = (e: E) => (e.source === 'meta' && e.at.getTime() % 1000 === 0 ? e.at.getTime() + 999 : e.at.getTime());
  return [...events].sort(
    (a, b) =>
      effective(a) - effective(b) ||
      lifecycle[a.status] - lifecycle[b.status] ||
      a.receivedAt.getTime() - b.receivedAt.getTime() ||
      a.id.localeCompare(b.id),
  );
}
