// CPU per bot reply: the keyword flow (`hi` → `hello`) driven at a fixed,
// sustainable rate through the built api, ONE worker and the sandbox, with
// the CPU seconds of each process read from /proc before and after. CPU per
// reply hardly depends on how busy the shared machine is (throughput does),
// so this is the figure to compare a change of the inbound/bot hot path by.
//
//   BENCH_ONLY=bots_cpu npm run bench
//   # or, with the apps already built (npm run bench builds them):
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/switchboard_bench REDIS_URL=redis://127.0.0.1:6379/14 \
//     node --import tsx bench/bots-cpu.bench.ts [rate] [seconds] [keyword|lead]
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { BENCH_BOT_SETTINGS, driveInbound, keywordFlow, leadCaptureFlow, replies } from './bots.bench';
import { round, sleep } from './open-loop';
import { measureDownstream } from './pipeline-measure';
import { cpuSecondsOf, cpuSecondsOfCommand } from './processes';
import { startStack, WORKER_PORT, type Stack } from './stack';

const root = resolve(import.meta.dirname, '..');

/** The pid of this checkout's running worker (the stack does not expose it). */
function workerPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('apps/worker/dist/main.js') && readlinkSync(`/proc/${entry}/cwd`) === root) return Number(entry);
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return undefined;
}

/** Waits until every input is answered and every reply sent, so CPU deltas cover whole replies. */
async function settled(stack: Stack, maxMs = 120_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const [row] = await stack.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT (SELECT count(*) FROM bot_turn_inputs WHERE consumed_at IS NULL)
           + (SELECT count(*) FROM inbound_webhooks WHERE processed_at IS NULL)
           + (SELECT count(*) FROM bot_pending_replies)
           + (SELECT count(*) FROM messages WHERE direction = 'outbound' AND status IN ('queued', 'sending')) AS n`;
    if (Number(row?.n ?? 0) === 0 || Date.now() > deadline) return;
    await sleep(100);
  }
}

/** Drives `rate` webhooks/s for `seconds` and returns CPU ms per reply of the api, the worker and Postgres. */
export async function botCpuBenchmarks(stack: Stack, options: { rate: number; seconds: number; flow?: 'keyword' | 'lead' } = { rate: 40, seconds: 15 }) {
  const lead = options.flow === 'lead';
  // Lead capture answers a first message with two replies (the greeting, then the buttons once it is sent).
  const perMessage = lead ? 2 : 1;
  const ws = await stack.workspace(lead ? 'cpu-lead' : 'cpu', 1, 0);
  const channel = ws.channels[0]!;
  await stack.flowBot(ws.id, channel.id, lead ? leadCaptureFlow : keywordFlow, BENCH_BOT_SETTINGS);
  await stack.registerNumber(channel, { statusWebhooks: false });
  // BENCH_PROFILE=1: the api and the worker run under --cpu-prof (run/profiles; summarize with bench/cpu-profile-summary.ts).
  await stack.startApi({ profile: process.env['BENCH_PROFILE'] === '1' });
  await stack.startWorkers(1, { profile: process.env['BENCH_PROFILE'] === '1' });
  try {
    // Warm-up: JIT, pools, caches.
    await stack.takeLedger();
    const warm = await driveInbound(channel, options.rate, 3, 1);
    await replies(stack, channel.phoneNumberId, warm.tracked.size * perMessage, 2000);
    await settled(stack);

    const pid = workerPid();
    const cpu = () => ({ api: stack.apiCpuSeconds(), worker: cpuSecondsOf(pid), postgres: cpuSecondsOfCommand('postgres') });
    // What the worker burns doing nothing (sweeps, pollers) over 5 s, to tell apart from the per-reply cost.
    const idleStart = cpu();
    await sleep(5000);
    const idleEnd = cpu();
    const idleWorkerMsPerS = round(((idleEnd.worker - idleStart.worker) * 1000) / 5);
    const load = loadavg().map((x) => round(x));
    const before = cpu();
    const startedMs = Date.now();
    const run = await driveInbound(channel, options.rate, options.seconds, 1);
    // Settled first: the ledger is read once, so every reply the CPU figure paid for is counted.
    await settled(stack);
    const after = cpu();
    const events = await replies(stack, channel.phoneNumberId, run.tracked.size * perMessage, 1000);
    const elapsedS = (Date.now() - startedMs) / 1000;
    // Turns by status and path since the worker started (warm-up included): `idle` ones ran and found
    // nothing to answer yet (e.g. held at the arrival barrier).
    const metrics = await fetch(`http://127.0.0.1:${WORKER_PORT}/metrics`).then((r) => r.text(), () => '');
    const turns = Object.fromEntries(
      [...metrics.matchAll(/^bot_turns_total\{([^}]*)\} (\d+)/gm)].map((m) => [m[1]!.replace(/,?service="worker"/, ''), Number(m[2])]),
    );
    // Per conversation: its first reply is `#0` (the keyword flow has only that one).
    const reply = measureDownstream(run.tracked, events, run.window);
    const per = (key: 'api' | 'worker' | 'postgres') => round(((after[key] - before[key]) * 1000) / Math.max(1, reply.done));
    return {
      flow: lead ? 'examples/flows/lead-capture.json (first message: greeting + buttons; figures per conversation)' : 'examples/flows/keyword-hello.json (hi → hello)',
      replies_per_message: perMessage,
      rate: options.rate,
      seconds: options.seconds,
      load_average_at_start: load,
      replies: reply.done,
      lost: reply.lost,
      duplicated: reply.duplicated,
      reply_latency: reply.latency,
      idle_worker_cpu_ms_per_s: idleWorkerMsPerS,
      bot_turns_since_start: turns,
      cpu_ms_per_reply: {
        api: per('api'),
        worker: per('worker'),
        // The same, less what the worker would have burnt idle over the run (pollers and sweeps).
        worker_less_idle: round(per('worker') - (idleWorkerMsPerS * elapsedS) / Math.max(1, reply.done)),
        postgres_all_backends: per('postgres'),
      },
      note: 'postgres_all_backends counts every postgres process on the machine (other work included); api and worker are exact',
    };
  } finally {
    await stack.stopWorkers();
    await stack.stopApi();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rate = Number(process.argv[2] ?? 40);
  const seconds = Number(process.argv[3] ?? 15);
  const flow = process.argv[4] === 'lead' ? 'lead' : 'keyword';
  const stack = await startStack();
  try {
    console.log(JSON.stringify(await botCpuBenchmarks(stack, { rate, seconds, flow }), null, 2));
  } finally {
    await stack.stop();
  }
}
