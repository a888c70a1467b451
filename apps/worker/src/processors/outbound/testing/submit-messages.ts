// The fault tests' client: POSTs messages the way a careful customer backend does — each with its own
// Idempotency-Key, retried with the same key after a network error, 409 or 5xx until the api
// acknowledges it with 202. A retried key that was committed the first time returns the original id,
// so "acknowledged" is exact even when a response is lost.
import type { MessagePriority } from '@switchboard/db';

export interface SubmitSpec {
  to: string;
  priority?: MessagePriority;
}

export interface Acknowledged {
  id: string;
  idempotencyKey: string;
  /** Requests it took (1 = first try). */
  requests: number;
}

export interface SubmitReport {
  acknowledged: Acknowledged[];
  /** Answers other than 202 (by status, `network` for no answer) that were retried. */
  retried: Record<string, number>;
  /** 202s that replayed an earlier commit (Idempotent-Replayed: true). */
  replayed: number;
  /** Keys given up on after `deadlineMs`: never acknowledged, so not owed. */
  unacknowledged: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends every spec as a template message; resolves when each is acknowledged or its deadline passed. */
export async function submitMessages(
  target: { apiBase: string; apiKey: string; channelId: string },
  specs: SubmitSpec[],
  options: { concurrency?: number; keyPrefix?: string; deadlineMs?: number; onAcknowledged?: (ack: Acknowledged) => void } = {},
): Promise<SubmitReport> {
  const report: SubmitReport = { acknowledged: [], retried: {}, replayed: 0, unacknowledged: [] };
  const keyPrefix = options.keyPrefix ?? `fault-${Date.now()}`;
  const deadlineMs = options.deadlineMs ?? 60_000;
  let next = 0;

  const one = async (index: number) => {
    const spec = specs[index]!;
    const key = `${keyPrefix}-${index}`;
    const body = JSON.stringify({
      channel_id: target.channelId,
      to: spec.to,
      type: 'template',
      template: { name: 'fault_test', language: { code: 'en_US' } },
      priority: spec.priority ?? 'default',
      metadata: { index },
    });
    const deadline = Date.now() + deadlineMs;
    for (let requests = 1; ; requests += 1) {
      let outcome: string;
      try {
        const res = await fetch(`${target.apiBase}/api/v1/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json', 'idempotency-key': key },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        if (res.status === 202) {
          if (res.headers.get('idempotent-replayed') === 'true') report.replayed += 1;
          const ack = { id: (JSON.parse(text) as { id: string }).id, idempotencyKey: key, requests };
          report.acknowledged.push(ack);
          options.onAcknowledged?.(ack);
          return;
        }
        // Anything else a client cannot fix by waiting is a bug in the test or the api.
        if (res.status !== 409 && res.status !== 429 && res.status < 500) throw new Error(`POST /api/v1/messages → ${res.status}: ${text}`);
        outcome = String(res.status);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('POST /api/v1/messages')) throw error;
        outcome = 'network';
      }
      report.retried[outcome] = (report.retried[outcome] ?? 0) + 1;
      if (Date.now() > deadline) {
        report.unacknowledged.push(key);
        return;
      }
      await sleep(Math.min(1000, 50 * 2 ** Math.min(requests, 5)));
    }
  };

  await Promise.all(
    Array.from({ length: options.concurrency ?? 16 }, async () => {
      while (next < specs.length) await one(next++);
    }),
  );
  return report;
}
