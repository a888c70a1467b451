// Fault tests on real processes (reliability plan S3 and the Redis half of S4/S5):
// - a worker that gets SIGTERM while its sends are in flight finishes them and exits 0 within 30 s,
//   and nothing is lost or sent twice;
// - with Redis down the api process keeps acknowledging messages (202, committed with their outbox
//   rows), and the worker processes send each of them exactly once after Redis comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRun, waitUntilDone } from './testing/fault-checker';
import { startFullStack, type FullStack } from './testing/full-stack';
import { submitMessages } from './testing/submit-messages';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let stack: FullStack;

beforeAll(async () => {
  stack = await startFullStack('outbound_stop_outage_fault', { workers: 2 });
});
afterAll(async () => stack?.stop());

const recipients = Array.from({ length: 50 }, (_, i) => `1555444${String(i).padStart(4, '0')}`);

async function ambiguousAttempts(ids: string[]): Promise<number> {
  const rows = await stack.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM message_events WHERE message_id = ANY(${ids}::uuid[]) AND meta_payload ->> 'ambiguous' = 'true'`;
  return rows[0]?.n ?? 0;
}

/** Outbox rows still unpublished once none is left or `ms` has passed (topic and creation time, for the failure message). */
async function unpublishedAfter(ms: number): Promise<{ topic: string; createdAt: Date }[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const rows = await stack.prisma.outboxEntry.findMany({ where: { publishedAt: null }, select: { topic: true, createdAt: true } });
    if (rows.length === 0 || Date.now() > deadline) return rows;
    await sleep(100);
  }
}

describe('SIGTERM under load', () => {
  it('finishes the in-flight sends, exits 0 within 30 s, and loses or repeats nothing', async () => {
    // Slow Graph calls (300 ± 100 ms) so the worker has sends in flight when the signal comes.
    const tenant = await stack.tenant({ throughputMps: 200, latencyMs: 300, jitterMs: 100, statusDelaysMs: { sent: 50, delivered: 100, read: null } });
    const specs = Array.from({ length: 800 }, (_, i) => ({ to: recipients[i % recipients.length]! }));
    const ids: string[] = [];
    const submitting = submitMessages({ apiBase: stack.apiBase, apiKey: tenant.apiKey, channelId: tenant.channelId }, specs, {
      concurrency: 8, keyPrefix: 'sigterm', onAcknowledged: (ack) => ids.push(ack.id),
    });

    const victim = stack.workers[0]!;
    let inFlight = 0;
    const deadline = Date.now() + 60_000;
    // Signal at a moment the victim is mid-call (its outbound_in_flight gauge is up), after some progress;
    // at least 5 calls in flight when the first 10 s offer that (pacing makes the gauge swing).
    const busyUntil = Date.now() + 10_000;
    while (inFlight < (Date.now() < busyUntil ? 5 : 1) || (await stack.ledgerSize(tenant.phoneNumberId)) < 150) {
      if (Date.now() > deadline) throw new Error(`the worker never had sends in flight\n${stack.output()}`);
      inFlight = await stack.workerMetric(victim, 'outbound_in_flight');
      await sleep(20);
    }
    const signalled = Date.now();
    const exit = stack.signalWorker(victim, 'SIGTERM');
    const code = await Promise.race([exit, sleep(30_000).then(() => 'still running' as const)]);
    const exitedAfterMs = Date.now() - signalled;
    if (code === 'still running') victim.process.kill('SIGKILL');
    expect(code, victim.output().slice(-4000)).toBe(0);

    const submitted = await submitting;
    expect(submitted.unacknowledged).toEqual([]);
    const open = await waitUntilDone(stack.prisma, ids, 90_000);
    const report = await checkRun(stack.prisma, ids, await stack.ledgerCounts(tenant.phoneNumberId));
    const ambiguous = await ambiguousAttempts(ids);
    console.log(
      `SIGTERM with ${inFlight} sends in flight: exit ${code} after ${exitedAfterMs} ms; ${ids.length} acknowledged; ` +
        `statuses ${JSON.stringify(report.byStatus)}; ambiguous attempts ${ambiguous}; flagged ${report.flagged}; extra sends ${report.extraSends}`,
    );
    expect(open).toEqual([]);
    expect(report.lost).toEqual([]);
    expect(report.notTerminal).toEqual([]);
    // A graceful stop leaves nothing ambiguous, so nothing is resent: exactly one send per message.
    expect(ambiguous).toBe(0);
    expect(report.flagged).toBe(0);
    expect(report.extraSends).toBe(0);
    expect(report.backwards).toEqual([]);
    expect(report.illegalWorkerMoves).toEqual([]);
  }, 180_000);
});

describe('Redis down during ingest', () => {
  it('keeps answering 202 while Redis is down and sends every acknowledged message once after it returns', async () => {
    if (stack.workers.length < 2) await stack.startWorker();
    const tenant = await stack.tenant({ throughputMps: 200, statusDelaysMs: { sent: 50, delivered: 100, read: null } });
    await stack.redis.kill();
    const specs = Array.from({ length: 200 }, (_, i) => ({ to: recipients[i % recipients.length]! }));
    const submitted = await submitMessages({ apiBase: stack.apiBase, apiKey: tenant.apiKey, channelId: tenant.channelId }, specs, {
      concurrency: 8, keyPrefix: 'redis-down',
    });
    const ids = submitted.acknowledged.map((a) => a.id);
    // Every request was acknowledged at the first try: Redis is not on the ingest path's critical side.
    expect(submitted.retried).toEqual({});
    expect(ids).toHaveLength(200);
    // Nothing could be scheduled meanwhile: the messages wait in Postgres, with unpublished outbox rows.
    await sleep(1000);
    expect(await stack.ledgerSize(tenant.phoneNumberId)).toBe(0);
    const unpublished = await stack.prisma.outboxEntry.count({ where: { publishedAt: null, OR: ids.map((id) => ({ payload: { equals: { messageId: id } } })) } });
    expect(unpublished).toBe(200);

    await stack.redis.restart();
    const open = await waitUntilDone(stack.prisma, ids, 60_000);
    const report = await checkRun(stack.prisma, ids, await stack.ledgerCounts(tenant.phoneNumberId));
    console.log(`Redis down: ${ids.length} acknowledged while down; after restart ${JSON.stringify(report.byStatus)}; extra sends ${report.extraSends}`);
    expect(open).toEqual([]);
    expect(report.lost).toEqual([]);
    expect(report.extraSends).toBe(0);
    expect(report.backwards).toEqual([]);
    // The last status's own outbox rows (customer events) are written as it lands, so the relay may
    // publish them a moment after the messages are done: every row is published within seconds.
    expect(await unpublishedAfter(15_000)).toEqual([]);
    // The workers rode out the outage.
    for (const worker of stack.workers) expect(worker.process.exitCode, worker.output().slice(-3000)).toBeNull();
    await sleep(1500);
    expect(await stack.deadlocks()).toBe(0);
  }, 180_000);
});
