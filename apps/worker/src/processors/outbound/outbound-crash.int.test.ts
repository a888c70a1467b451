// Fault test with real processes: two workers send 2,000 messages through the sandbox while one of
// them is SIGKILLed three times. Afterwards no message is lost, every message is terminal, and the
// sandbox ledger holds a second copy only of messages flagged possible_duplicate.
import { freePort, spawnApp, startScratchRedis, type RunningApp, type ScratchRedis } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/outbound-harness';

const COUNT = 2000;
let redis: ScratchRedis;
let h: Harness;
const workers: RunningApp[] = [];

beforeAll(async () => {
  redis = await startScratchRedis(['--maxmemory-policy', 'noeviction']);
  h = await startHarness('outbound_crash', { redisUrl: redis.url });
});
afterAll(async () => {
  // A SIGKILLed child has a signalCode and no exitCode; stop() only suits the live ones.
  await Promise.all(workers.filter((w) => w.process.exitCode === null && w.process.signalCode === null).map((w) => w.stop()));
  await h?.close();
  await redis?.stop();
});

async function startWorker(): Promise<RunningApp> {
  const port = await freePort();
  const worker = await spawnApp(
    'apps/worker/src/main.ts',
    {
      WORKER_PORT: String(port),
      DATABASE_URL: h.db.url,
      REDIS_URL: h.redisUrl,
      WHATSAPP_GRAPH_URL: h.sandboxUrl,
      OUTBOUND_REDIS_PREFIX: h.prefix,
      OUTBOUND_CONCURRENCY: '20',
      OUTBOUND_SEND_TIMEOUT_MS: '2000',
      OUTBOUND_LEASE_EXTRA_MS: '1000',
      OUTBOUND_AMBIGUOUS_WAIT_MS: '4000',
      OUTBOUND_SWEEP_INTERVAL_MS: '2000',
      OUTBOUND_SWEEP_GRACE_MS: '5000',
      RETRY_TIME_SCALE: '0.01',
    },
    `http://127.0.0.1:${port}/healthz`,
  );
  workers.push(worker);
  return worker;
}

describe('outbound pipeline under worker crashes', () => {
  it('loses nothing and duplicates only flagged ambiguous sends when a worker is SIGKILLed three times', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id, { throughputMps: 250, pairRate: null, statusWebhooks: true, statusDelaysMs: { read: null } });
    // Slow calls, so kills land while requests are in flight.
    await h.faults(channel.phoneNumberId, { latency_ms: 15, jitter_ms: 10 });
    const contacts: string[] = [];
    for (let i = 0; i < 50; i += 1) contacts.push(`1555888${String(i).padStart(4, '0')}`);
    const messages = await h.messages(
      channel,
      Array.from({ length: COUNT }, (_, i) => ({ waId: contacts[i % contacts.length]!, priority: i % 10 === 0 ? ('high' as const) : ('default' as const) })),
    );
    const ids = messages.map((m) => m.id);

    let victim = await startWorker();
    await startWorker();
    await h.dispatch(messages);
    for (let kill = 0; kill < 3; kill += 1) {
      await h.waitFor(async () => (await h.ledger({ phoneNumberId: channel.phoneNumberId })).length >= (kill + 1) * 400, 60_000, `progress before kill ${kill + 1}`);
      victim.process.kill('SIGKILL');
      await new Promise((r) => victim.process.once('exit', r));
      victim = await startWorker();
    }

    // Done for the send pipeline: accepted by Meta (sent, or further along through status webhooks)
    // or settled. Whether `sent` later becomes `delivered` is the inbound status path's business.
    const terminal = new Set(['sent', 'delivered', 'read', 'failed', 'expired']);
    await h.waitFor(
      async () => {
        const statuses = await h.statuses(ids);
        return [...statuses.values()].every((s) => terminal.has(s));
      },
      120_000,
      'every message done',
    );
    const rows = await h.prisma.message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, possibleDuplicate: true } });
    const counts = new Map<string, number>();
    for (const entry of await h.ledger({ phoneNumberId: channel.phoneNumberId })) {
      if (entry.biz_opaque_callback_data) counts.set(entry.biz_opaque_callback_data, (counts.get(entry.biz_opaque_callback_data) ?? 0) + 1);
    }
    const lost = rows.filter((r) => (counts.get(r.id) ?? 0) === 0);
    const unflaggedDuplicates = rows.filter((r) => (counts.get(r.id) ?? 0) > 1 && !r.possibleDuplicate);
    expect(lost).toEqual([]);
    expect(unflaggedDuplicates).toEqual([]);
    expect(rows.filter((r) => r.status === 'failed' || r.status === 'expired')).toEqual([]);
  }, 300_000);
});
