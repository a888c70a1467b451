// The dispatcher's own logic against a recording queue (Redis itself is covered by meta-webhook.int.test.ts).
import { withTraceId } from '@switchboard/observability';
import type { InboundWebhookJob, InboundWebhookQueue } from '@switchboard/queue';
import { describe, expect, it } from 'vitest';
import { createQueueInboundDispatcher } from './queue-inbound-dispatcher';

function recordingQueue(options: { failBulk?: boolean } = {}) {
  const calls: { kind: 'one' | 'many'; jobs: InboundWebhookJob[] }[] = [];
  const queue: InboundWebhookQueue = {
    enqueue: async (job) => void calls.push({ kind: 'one', jobs: [job] }),
    enqueueMany: async (jobs) => {
      if (options.failBulk) throw new Error('bulk refused');
      calls.push({ kind: 'many', jobs });
    },
    close: async () => undefined,
  };
  return { queue, calls };
}

const id = (i: number) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`;
const trace = (i: number) => i.toString(16).padStart(32, '0');

describe('createQueueInboundDispatcher', () => {
  it('enqueues webhooks dispatched together in one bulk call, each with its own trace id', async () => {
    const { queue, calls } = recordingQueue();
    const dispatcher = createQueueInboundDispatcher(queue, { status: 'ready' });
    await Promise.all([1, 2, 3, 4].map((i) => withTraceId(trace(i), () => dispatcher.dispatchInboundWebhook({ inboundWebhookId: id(i) }))));
    expect(calls).toEqual([{ kind: 'many', jobs: [1, 2, 3, 4].map((i) => ({ inboundWebhookId: id(i), traceId: trace(i) })) }]);
  });

  it('enqueues a webhook dispatched alone by itself', async () => {
    const { queue, calls } = recordingQueue();
    const dispatcher = createQueueInboundDispatcher(queue, { status: 'ready' });
    await withTraceId(trace(9), () => dispatcher.dispatchInboundWebhook({ inboundWebhookId: id(9) }));
    expect(calls).toEqual([{ kind: 'one', jobs: [{ inboundWebhookId: id(9), traceId: trace(9) }] }]);
  });

  it('falls back to one call per webhook when the bulk call fails', async () => {
    const { queue, calls } = recordingQueue({ failBulk: true });
    const dispatcher = createQueueInboundDispatcher(queue, { status: 'ready' });
    await Promise.all([1, 2, 3].map((i) => dispatcher.dispatchInboundWebhook({ inboundWebhookId: id(i) })));
    expect(calls.map((c) => [c.kind, c.jobs[0]!.inboundWebhookId])).toEqual([1, 2, 3].map((i) => ['one', id(i)]));
  });

  it('fails at once, without calling the queue, while Redis is not connected', async () => {
    const { queue, calls } = recordingQueue();
    const dispatcher = createQueueInboundDispatcher(queue, { status: 'reconnecting' });
    await expect(dispatcher.dispatchInboundWebhook({ inboundWebhookId: id(1) })).rejects.toThrow('redis is reconnecting');
    expect(calls).toEqual([]);
  });
});
