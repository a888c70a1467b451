// Issue 3: the outbound pipeline, whole stack (built api, ONE worker process,
// sandbox with faults off) on the bench database and Redis db. Open loop
// for every rate-based figure; ingest capacity is the closed-loop maximum.
import { load } from './load';
import { epochMs, openLoop, round, sleep, type OpenLoopResult } from './open-loop';
import { isSustained, measureDownstream, type DownstreamReport, type Tracked } from './pipeline-measure';
import { cpuSecondsOfCommand, startProcess } from './processes';
import { apiBase, type BenchWorkspace, type Stack } from './stack';

export interface OutboundBenchOptions {
  seconds: number;
  stepSeconds: number;
  sendSteps: number[];
  lifecycleSteps: number[];
  floodSize: number;
  /** Stop after the ingest figures (BENCH_ONLY=ingest). */
  ingestOnly?: boolean;
  /** Only the noisy-neighbour figure (BENCH_ONLY=noisy), e.g. to check a change to the lanes. */
  noisyOnly?: boolean;
}

export const DEFAULT_OUTBOUND_OPTIONS: OutboundBenchOptions = {
  seconds: 10,
  stepSeconds: 8,
  sendSteps: [150, 300, 600, 900, 1200, 1500, 1800, 2100],
  lifecycleSteps: [50, 100, 200, 300, 400, 500, 650, 800],
  floodSize: 20_000,
};

interface Run {
  post: OpenLoopResult;
  tracked: Map<string, Tracked>;
  window: { startMs: number; endMs: number };
}

const BASELINE_PORT = 3941;

export async function outboundBenchmarks(stack: Stack, options: OutboundBenchOptions = DEFAULT_OUTBOUND_OPTIONS) {
  const a = await stack.workspace('a', 3, 10_000);
  const b = await stack.workspace('b', 1, 2_000);
  for (const channel of [...a.channels, ...b.channels]) await stack.registerNumber(channel, { statusWebhooks: false });
  const results: Record<string, unknown> = { worker_processes: 1 };
  if (options.noisyOnly) {
    await stack.startApi();
    await stack.startWorkers(1);
    try {
      await drive(a, 200, 3);
      const floodRate = Number(process.env['BENCH_FLOOD_RATE'] ?? 1500);
      const first = await noisyNeighbour(stack, a, b, options, floodRate);
      results['noisy_neighbour'] = first;
      results['noisy_neighbour_backlog'] = await noisyNeighbour(stack, a, b, options, floodRate, 'after_posting', first.b_alone.p95_ms);
    } finally {
      await stack.stopWorkers();
      await stack.stopApi();
    }
    return results;
  }

  // ── Ingest: api only, no worker ──
  await stack.startApi();
  results['ingest'] = await ingest(stack, a, options);
  await stack.stopApi();
  await stack.resetMessages();
  if (options.ingestOnly) return results;

  await stack.startApi();
  await stack.startWorkers(1);
  try {
    // ── Send path: POST → the sandbox accepting the send; status webhooks off ──
    await drive(a, 200, 3);
    await settle(stack);
    const at865 = await sendPathRun(stack, a, 865, options.seconds);
    const steps: Record<string, unknown>[] = [];
    let maxSustained = 0;
    for (const rate of options.sendSteps) {
      const r = await sendPathRun(stack, a, rate, options.stepSeconds);
      const sustained = isSustained(rate, r.post.sent - r.post.ok, r.send);
      steps.push({ rate, sustained, post_ok: r.post.ok, achieved_post_rate: r.post.achieved_rate, post_p99_ms: r.post.latency.p99_ms, sent_per_s: r.send.throughput_per_s, send_latency: r.send.latency, backlog: r.send.backlog, lost: r.send.lost });
      await settle(stack);
      if (!sustained) break;
      maxSustained = rate;
    }
    // At 80 % of our own maximum: nothing lost, nothing duplicated.
    const at80Rate = Math.round(maxSustained * 0.8);
    const at80 = at80Rate > 0 ? await sendPathRun(stack, a, at80Rate, options.seconds) : undefined;
    results['send_path'] = {
      status_webhooks: 'off',
      at_865: { post: summary(at865.post), send_latency: at865.send.latency, backlog: at865.send.backlog, lost: at865.send.lost, duplicated: at865.send.duplicated },
      steps,
      max_sustained_rate: maxSustained,
      at_80_percent_of_max: at80 && {
        rate: at80Rate,
        posted_ok: at80.post.ok,
        sent_by_sandbox: at80.send.done,
        lost: at80.send.lost,
        duplicated: at80.send.duplicated,
        send_latency: at80.send.latency,
      },
    };

    // ── Noisy neighbour: B's critical lane alone, then while A floods the low lane ──
    // The lanes are measured with A's flood inside what the api can take (80 % of the capacity measured
    // above), so the flood queues in the pipeline; over capacity (1,500/s) it queues in the api's
    // sockets instead, where B's POSTs wait too, which is the ingest figure rather than the lanes'.
    const capacity = (results['ingest'] as { capacity_closed_loop_32_connections: { requests_per_second: number } }).capacity_closed_loop_32_connections.requests_per_second;
    const first = await noisyNeighbour(stack, a, b, options, Math.min(1500, Math.round(capacity * 0.8)));
    results['noisy_neighbour'] = first;
    const overloaded = await noisyNeighbour(stack, a, b, options, 1500, 'while_posting', first.b_alone.p95_ms);
    results['noisy_neighbour_api_overloaded'] = overloaded;
    // The lanes alone: A's flood accepted first, B's critical messages posted while it drains.
    results['noisy_neighbour_backlog'] = await noisyNeighbour(
      stack, a, b, options, Math.min(1500, Math.round(capacity * 0.8)), 'after_posting', Math.min(first.b_alone.p95_ms, overloaded.b_alone.p95_ms),
    );

    // ── Full lifecycle: POST → `delivered` recorded in Postgres; status webhooks on ──
    for (const channel of a.channels) await stack.registerNumber(channel, { statusWebhooks: true });
    await drive(a, 100, 2);
    await settleDelivered(stack);
    const at200 = await lifecycleRun(stack, a, 200, options.seconds);
    const lifecycleSteps: Record<string, unknown>[] = [];
    let maxLifecycle = 0;
    for (const rate of options.lifecycleSteps) {
      const r = await lifecycleRun(stack, a, rate, options.stepSeconds);
      const sustained = isSustained(rate, r.post.sent - r.post.ok, r.delivered);
      lifecycleSteps.push({ rate, sustained, post_ok: r.post.ok, delivered_per_s: r.delivered.throughput_per_s, delivered_latency: r.delivered.latency, backlog: r.delivered.backlog, lost: r.delivered.lost });
      await settleDelivered(stack);
      if (!sustained) break;
      maxLifecycle = rate;
    }
    results['full_lifecycle'] = {
      status_webhooks: 'on (sent and delivered 0 ms after acceptance, no automatic read)',
      at_200: { post: summary(at200.post), delivered_latency: at200.delivered.latency, lost: at200.delivered.lost },
      steps: lifecycleSteps,
      max_sustained_rate: maxLifecycle,
    };
    for (const channel of a.channels) await stack.registerNumber(channel, { statusWebhooks: false });
  } finally {
    await stack.stopWorkers();
    await stack.stopApi();
  }
  await stack.resetMessages();
  results['targets'] = {
    ingest_capacity_rps: '>= 2700',
    ingest_p99_ms_at_1000: '<= 15',
    send_path_sustained_mps: '>= 1200',
    send_path_at_865: 'p50 <= 10 ms, p99 <= 50 ms',
    full_lifecycle_sustained_mps: '>= 400',
    full_lifecycle_at_200: 'p50 <= 30 ms, p99 <= 200 ms',
    at_80_percent: '0 lost, 0 duplicated',
    noisy_neighbour_ratio: '<= 2',
  };
  return results;
}

let messageSeq = 0;
/** Body of POST /api/v1/messages number i: channels and recipients rotate so no (number, recipient) pair is paced. */
function messageBody(ws: BenchWorkspace, priority: string): string {
  const i = messageSeq++;
  const channel = ws.channels[i % ws.channels.length]!;
  const to = ws.recipients[Math.floor(i / ws.channels.length) % ws.recipients.length]!;
  return JSON.stringify({ channel_id: channel.id, to, type: 'text', text: { body: `bench ${i}` }, priority });
}

/** Open-loop POSTs at `rate`; keeps each accepted message id with its scheduled and answered time. */
async function drive(ws: BenchWorkspace, rate: number, seconds: number, priority = 'default', origin = apiBase): Promise<Run> {
  const tracked = new Map<string, Tracked>();
  const startMs = epochMs();
  const headers = { authorization: `Bearer ${ws.apiKey}`, 'content-type': 'application/json' };
  const post = await openLoop({
    origin,
    rate,
    seconds,
    request: () => ({ path: '/api/v1/messages', method: 'POST', headers, body: messageBody(ws, priority) }),
    onResponse: (_i, scheduledMs, status, body) => {
      if (status !== 202) return;
      tracked.set((JSON.parse(body) as { id: string }).id, { scheduledMs, answeredMs: epochMs() });
    },
  });
  return { post, tracked, window: { startMs, endMs: startMs + seconds * 1000 } };
}

function summary(r: OpenLoopResult) {
  return { target_rate: r.target_rate, achieved_rate: r.achieved_rate, ok: r.ok, non_2xx: r.non_2xx, errors: r.errors, latency: r.latency, max_send_lag_ms: r.max_send_lag_ms };
}

async function ingest(stack: Stack, a: BenchWorkspace, options: OutboundBenchOptions) {
  const headers = { authorization: `Bearer ${a.apiKey}`, 'content-type': 'application/json' };
  await drive(a, 300, 3);
  // CPU per request shows which process a ceiling lives in (the api is one thread: 1 s of CPU per s at most).
  let cpu = { api: stack.apiCpuSeconds(), postgres: cpuSecondsOfCommand('postgres') };
  const capacity = await load({ url: `${apiBase}/api/v1/messages`, method: 'POST', connections: 32, seconds: options.seconds, headers, body: () => messageBody(a, 'default') });
  const apiCpu = {
    api_ms_per_request: round(((stack.apiCpuSeconds() - cpu.api) * 1000) / capacity.total),
    postgres_ms_per_request: round(((cpuSecondsOfCommand('postgres') - cpu.postgres) * 1000) / capacity.total),
  };
  const at1000 = await drive(a, 1000, options.seconds);

  // The floor: plain node:http + the same rows + the same enqueue, same database and Redis.
  const baseline = await startProcess(['--import', 'tsx', 'bench/baseline-ingest.ts', String(BASELINE_PORT), a.id], {}, `http://127.0.0.1:${BASELINE_PORT}/`);
  let baselineCapacity;
  let baselineAt1000;
  let baselineCpu;
  try {
    const origin = `http://127.0.0.1:${BASELINE_PORT}`;
    await drive(a, 300, 3, 'default', origin);
    cpu = { api: baseline.cpuSeconds(), postgres: cpuSecondsOfCommand('postgres') };
    baselineCapacity = await load({ url: `${origin}/api/v1/messages`, method: 'POST', connections: 32, seconds: options.seconds, headers, body: () => messageBody(a, 'default') });
    baselineCpu = {
      server_ms_per_request: round(((baseline.cpuSeconds() - cpu.api) * 1000) / baselineCapacity.total),
      postgres_ms_per_request: round(((cpuSecondsOfCommand('postgres') - cpu.postgres) * 1000) / baselineCapacity.total),
    };
    baselineAt1000 = await drive(a, 1000, options.seconds, 'default', origin);
  } finally {
    await baseline.stop();
  }
  return {
    workers: 'none (paused)',
    capacity_closed_loop_32_connections: capacity,
    cpu_during_capacity: apiCpu,
    at_1000: summary(at1000.post),
    baseline: { capacity_closed_loop_32_connections: baselineCapacity, cpu_during_capacity: baselineCpu, at_1000: summary(baselineAt1000.post) },
    capacity_ratio_to_baseline: round(capacity.requests_per_second / baselineCapacity.requests_per_second),
    p99_at_1000_ratio_to_baseline: round(at1000.post.latency.p99_ms / baselineAt1000.post.latency.p99_ms),
  };
}

/** Waits until no outbound message is queued or sending (what earlier steps left behind). */
async function settle(stack: Stack, maxMs = 60_000): Promise<number> {
  const deadline = epochMs() + maxMs;
  for (;;) {
    const [row] = await stack.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM messages WHERE direction = 'outbound' AND status IN ('queued', 'sending')`;
    const n = Number(row?.n ?? 0);
    if (n === 0 || epochMs() > deadline) return n;
    await sleep(250);
  }
}

/** Also waits for the last `delivered` webhooks to be applied. */
async function settleDelivered(stack: Stack): Promise<void> {
  await settle(stack);
  const deadline = epochMs() + 30_000;
  let last = -1;
  for (;;) {
    const [row] = await stack.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM messages WHERE direction = 'outbound' AND status = 'sent'`;
    const n = Number(row?.n ?? 0);
    if (n === 0 || n === last || epochMs() > deadline) return;
    last = n;
    await sleep(1000);
  }
}

async function sendPathRun(stack: Stack, ws: BenchWorkspace, rate: number, seconds: number): Promise<Run & { send: DownstreamReport }> {
  await stack.takeLedger();
  const run = await drive(ws, rate, seconds);
  await stack.waitForLedger(run.tracked.size, 5000, 90_000);
  await settle(stack, 30_000);
  const events = new Map<string, number[]>();
  for (const e of await stack.takeLedger()) {
    if (!e.biz_opaque_callback_data) continue;
    const list = events.get(e.biz_opaque_callback_data) ?? [];
    list.push(e.accepted_at_ms);
    events.set(e.biz_opaque_callback_data, list);
  }
  return { ...run, send: measureDownstream(run.tracked, events, run.window) };
}

async function lifecycleRun(stack: Stack, ws: BenchWorkspace, rate: number, seconds: number): Promise<Run & { delivered: DownstreamReport }> {
  const run = await drive(ws, rate, seconds);
  const ids = [...run.tracked.keys()];
  const deadline = epochMs() + 90_000;
  let last = -1;
  let lastChange = epochMs();
  const deliveredRows = async () =>
    stack.prisma.$queryRaw<{ message_id: string; at: Date }[]>`
      SELECT message_id::text, received_at AS at FROM message_events
      WHERE status = 'delivered' AND source = 'meta' AND message_id = ANY(${ids}::uuid[])`;
  let rows = await deliveredRows();
  while (rows.length < ids.length && epochMs() < deadline) {
    if (rows.length !== last) {
      last = rows.length;
      lastChange = epochMs();
    } else if (epochMs() - lastChange > 5000) break;
    await sleep(500);
    rows = await deliveredRows();
  }
  await stack.takeLedger();
  const events = new Map<string, number[]>();
  for (const r of rows) events.set(r.message_id, [...(events.get(r.message_id) ?? []), r.at.getTime()]);
  return { ...run, delivered: measureDownstream(run.tracked, events, run.window) };
}

async function noisyNeighbour(
  stack: Stack,
  a: BenchWorkspace,
  b: BenchWorkspace,
  options: OutboundBenchOptions,
  floodRate: number,
  mode: 'while_posting' | 'after_posting' = 'while_posting',
  /** B's p95 alone from an earlier run of this in the same bench, if any. */
  earlierAloneP95?: number,
) {
  const bRate = 50;
  await settle(stack);
  // B alone.
  const alone = await sendPathRun(stack, b, bRate, options.seconds);
  await stack.takeLedger();
  // A floods `floodSize` low-priority messages through one number (paced at 850/s, so they queue),
  // posted at `floodRate`. `while_posting`: B keeps sending critical messages from the start until A's
  // flood has been sent, so B's POSTs share the api with A's. `after_posting`: B starts once the api
  // has accepted all of A's flood, and only B's messages posted while A's were still queued count,
  // so B shares the pipeline (and the machine) with A's backlog but not the api's socket queue.
  const floodSeconds = options.floodSize / floodRate;
  const aOne: BenchWorkspace = { ...a, channels: [a.channels[0]!] };
  const flood = drive(aOne, floodRate, floodSeconds, 'low');
  const bSeconds = mode === 'while_posting' ? Math.max(floodSeconds, options.floodSize / 850) : options.floodSize / 850;
  const bRun = mode === 'while_posting' ? drive(b, bRate, bSeconds, 'critical') : flood.then(() => drive(b, bRate, bSeconds, 'critical'));
  const [floodRun, during] = await Promise.all([flood, bRun]);
  await stack.waitForLedger(floodRun.tracked.size + during.tracked.size, 5000, 90_000);
  await settle(stack, 30_000);
  const events = new Map<string, number[]>();
  for (const e of await stack.takeLedger()) {
    if (!e.biz_opaque_callback_data) continue;
    events.set(e.biz_opaque_callback_data, [...(events.get(e.biz_opaque_callback_data) ?? []), e.accepted_at_ms]);
  }
  // The last of A's messages the sandbox accepted: B's messages scheduled after it did not meet the flood.
  let floodEndMs = 0;
  for (const id of floodRun.tracked.keys()) floodEndMs = Math.max(floodEndMs, ...(events.get(id) ?? [0]));
  const bMet = mode === 'while_posting' ? during.tracked : new Map([...during.tracked].filter(([, t]) => t.scheduledMs < floodEndMs));
  const bDuring = measureDownstream(bMet, events, { startMs: during.window.startMs, endMs: Math.min(during.window.endMs, floodEndMs) });
  const aFlood = measureDownstream(floodRun.tracked, events, floodRun.window);
  return {
    mode,
    b_rate: bRate,
    b_lane: 'critical',
    flood: { size: options.floodSize, lane: 'low', posted_ok: floodRun.post.ok, post_statuses: floodRun.post.statuses, post_errors: floodRun.post.errors, post_rate: floodRate, sent: aFlood.done, send_latency: aFlood.latency, drain_ms: aFlood.backlog.drain_ms },
    b_alone: alone.send.latency,
    b_during_flood: bDuring.latency,
    // B's messages counted (all of them while posting; after posting, those posted before A's last send).
    b_samples: bMet.size,
    // Where B's time went: its POST to the api (shared with A's flood) vs the rest of the pipeline.
    b_post_alone: alone.post.latency,
    b_post_during_flood: during.post.latency,
    // Against B's own p95 alone, and against the lowest B-alone p95 of this bench so far: B alone right
    // after another flood can catch the database still cleaning up (autovacuum), which would flatter
    // the ratio; the second is the one to quote.
    ratio_p95_own_alone: round(bDuring.latency.p95_ms / alone.send.latency.p95_ms),
    ratio_p95: round(bDuring.latency.p95_ms / Math.min(alone.send.latency.p95_ms, earlierAloneP95 ?? Infinity)),
  };
}
