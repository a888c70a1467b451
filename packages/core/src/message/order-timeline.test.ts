import { describe, expect, it } from 'vitest';
import { orderTimeline, type TimelineEvent } from './order-timeline';

let n = 0;
const event = (status: TimelineEvent['status'], at: string, source: string, receivedAt = at): TimelineEvent => ({
  id: String((n += 1)).padStart(4, '0'), status, at: new Date(at), receivedAt: new Date(receivedAt), source,
});

describe('orderTimeline', () => {
  it('puts Meta\'s whole-second statuses after our own events of the same second', () => {
    const events = [
      event('queued', '2026-01-01T12:00:05.100Z', 'api'),
      event('sent', '2026-01-01T12:00:05.000Z', 'meta', '2026-01-01T12:00:05.700Z'),
      event('sending', '2026-01-01T12:00:05.450Z', 'worker'),
    ];
    expect(orderTimeline(events).map((e) => e.status)).toEqual(['queued', 'sending', 'sent']);
  });

  it('orders Meta statuses of the same second by the lifecycle, whatever order they arrived in', () => {
    const events = [
      event('read', '2026-01-01T12:00:06.000Z', 'meta', '2026-01-01T12:00:06.100Z'),
      event('delivered', '2026-01-01T12:00:06.000Z', 'meta', '2026-01-01T12:00:06.300Z'),
      event('sent', '2026-01-01T12:00:06.000Z', 'meta', '2026-01-01T12:00:06.200Z'),
    ];
    expect(orderTimeline(events).map((e) => e.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('keeps time order across seconds, and a retry\'s second attempt after the first', () => {
    const events = [
      event('failed', '2026-01-01T12:00:09.000Z', 'meta'),
      event('queued', '2026-01-01T12:00:01.000Z', 'api'),
      event('sending', '2026-01-01T12:00:01.010Z', 'worker'),
      event('queued', '2026-01-01T12:00:03.020Z', 'worker'),
      event('sending', '2026-01-01T12:00:05.000Z', 'worker'),
      event('sent', '2026-01-01T12:00:05.000Z', 'meta'),
    ];
    expect(orderTimeline(events).map((e) => `${e.status}/${e.source}`)).toEqual([
      'queued/api', 'sending/worker', 'queued/worker', 'sending/worker', 'sent/meta', 'failed/meta',
    ]);
  });
});
