// Fault test on the whole stack as real processes (reliability plan S1, S4, S9, S14): 2,000 messages
// go through POST /api/v1/messages, the real outbound pipeline of two worker processes, the sandbox,
// and back as status webhooks through the api and the inbound worker. While they are in flight a
// worker is SIGKILLed three times (and restarted), Redis is killed -9 and restarted on its AOF, and
// every Postgres connection of the test database is terminated. Then every acknowledged message is
// delivered (or failed with a reason), sent once unless flagged possible_duplicate, never lost, and
// its status never went backwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRun, waitUntilDone, watchStatuses } from './testing/fault-checker';
import { startFullStack, type FullStack } from './testing/full-stack';
import { submitMessages } from './testing/submit-messages';

const COUNT = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let stack: FullStack;

beforeAll(async () => {
  stack = await startFullStack('outbound_fullstack_fault', { workers: 2 });
});
afterAll(async () => stack?.stop());

async function waitForLedger(phoneNumberId: string, atLeast: number, what: string) {
  const deadline = Date.now() + 60_000;
  while ((await stack.ledgerSize(phoneNumberId)) < atLeast) {
    if (Date.now() > deadline) throw new Error(`no progress to ${atLeast} sends before ${what}\n${stack.output()}`);
    await sleep(50);
  }
}

describe('the full stack under worker crashes, a Redis crash and killed Postgres connections', () => {
  it('acknowledges, sends and settles every message once (duplicates only where flagged), statuses only forward', async () => {
    // 100 msg/s tier (85 paced): the sends take about 25 s, so every fault lands mid-flight. Status
    // webhooks sent → delivered (no automatic read) go through the real inbound path.
    const tenant = await stack.tenant({ throughputMps: 100, latencyMs: 15, jitterMs: 10, statusDelaysMs: { sent: 50, delivered: 150, read: null } });
    const recipients = Array.from({ length: 100 }, (_, i) => `1555777${String(i).padStart(4, '0')}`);
    const specs = Array.from({ length: COUNT }, (_, i) => ({ to: recipients[i % recipients.length]!, priority: i % 10 === 0 ? ('high' as const) : ('default' as const) }));

    const ids: string[] = [];
    const watch = watchStatuses(stack.prisma, () => ids, 400);
    const submitting = submitMessages({ apiBase: stack.apiBase, apiKey: tenant.apiKey, channelId: tenant.channelId }, specs, {
      concurrency: 8,
      keyPrefix: 'fullstack',
      onAcknowledged: (ack) => ids.push(ack.id),
    });

    const faults: string[] = [];
    const killWorker = async (n: number) => {
      const victim = stack.workers[0]!;
      await stack.signalWorker(victim, 'SIGKILL');
      faults.push(`worker SIGKILL ${n} at ${await stack.ledgerSize(tenant.phoneNumberId)} sends`);
      await stack.startWorker();
    };
    await waitForLedger(tenant.phoneNumberId, 150, 'the Redis crash');
    await stack.crashRedis(1000);
    faults.push(`redis kill -9 + restart at ${await stack.ledgerSize(tenant.phoneNumberId)} sends, ${ids.length} acknowledged`);
    await waitForLedger(tenant.phoneNumberId, 400, 'kill 1');
    await killWorker(1);
    await waitForLedger(tenant.phoneNumberId, 700, 'the Postgres kill');
    const killed = await stack.killPostgresConnections();
    faults.push(`postgres: ${killed} connections terminated at ${await stack.ledgerSize(tenant.phoneNumberId)} sends`);
    await waitForLedger(tenant.phoneNumberId, 1000, 'kill 2');
    await killWorker(2);
    await waitForLedger(tenant.phoneNumberId, 1400, 'kill 3');
    await killWorker(3);

    const submitted = await submitting;
    expect(submitted.unacknowledged).toEqual([]);
    // Killed database connections are an outage (503, retried with the same key), never a 500.
    expect(submitted.retried['500']).toBeUndefined();
    expect(ids).toHaveLength(COUNT);
    const open = await waitUntilDone(stack.prisma, ids, 90_000);
    const watched = await watch.stop();
    const report = await checkRun(stack.prisma, ids, await stack.ledgerCounts(tenant.phoneNumberId));
    const stats = await stack.sandboxStats();
    await sleep(1500);
    const deadlocks = await stack.deadlocks();
    const [lag] = await stack.prisma.$queryRaw<{ p50: number; max: number }[]>`
      SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)))::float AS p50,
        max(extract(epoch FROM processed_at - received_at))::float AS max FROM inbound_webhooks`;

    console.log(
      [
        `faults: ${faults.join('; ')}`,
        `client: ${COUNT} acknowledged, retried ${JSON.stringify(submitted.retried)}, replayed ${submitted.replayed}`,
        `statuses: ${JSON.stringify(report.byStatus)}; ${watched.samples} samples`,
        `possible_duplicate flagged: ${report.flagged}, of which sent twice: ${report.flaggedSentTwice}; extra sends ${report.extraSends}`,
        `sandbox webhooks: ${JSON.stringify(stats.webhooks)}; stored → applied p50 ${lag?.p50.toFixed(2)} s, max ${lag?.max.toFixed(1)} s`,
        `postgres deadlocks: ${deadlocks}`,
      ].join('\n'),
    );
    if (open.length > 0) console.log(stack.output());
    expect(open).toEqual([]);
    expect(report.lost).toEqual([]);
    expect(report.notTerminal).toEqual([]);
    expect(report.failedWithoutReason).toEqual([]);
    expect(report.unflaggedDuplicates).toEqual([]);
    expect(report.backwards).toEqual([]);
    expect(watched.backwards).toEqual([]);
    expect(report.illegalWorkerMoves).toEqual([]);
    // Two status webhooks of one message applied at once used to deadlock (lock upgrade); nothing may.
    expect(deadlocks).toBe(0);
    // Every status webhook the api refused during a fault was retried until it got through.
    expect(stats.webhooks.gave_up).toBe(0);
  }, 300_000);
});
