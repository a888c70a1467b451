// Runs every benchmark once, prints one JSON document and writes it to
// run/bench-results.json. Figures are for reading and comparing, never
// asserted: speed is not a test. BENCH_QUICK=1 shortens every phase (for
// debugging the harness, not for figures); BENCH_ONLY=a,b picks sections.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { botCpuBenchmarks } from './bots-cpu.bench';
import { botBenchmarks, DEFAULT_BOT_OPTIONS, QUICK_BOT_OPTIONS } from './bots.bench';
import { summarizeProfiles } from './cpu-profile-summary';
import { foundationBenchmarks } from './foundation.bench';
import { inboundAckBenchmarks } from './inbound-ack.bench';
import { DEFAULT_OUTBOUND_OPTIONS, outboundBenchmarks } from './outbound.bench';
import { profileHotPaths } from './profile.bench';
import { startStack } from './stack';
import { DEFAULT_WEBHOOK_FANOUT_OPTIONS, QUICK_WEBHOOK_FANOUT_OPTIONS, webhookFanoutBenchmarks } from './webhook-fanout.bench';

const quick = process.env['BENCH_QUICK'] === '1';
const only = process.env['BENCH_ONLY']?.split(',');
const wanted = (name: string) => !only || only.includes(name);
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const startedAt = Date.now();
const report: Record<string, unknown> = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  load_average_at_start: load(),
  quick,
};
const write = () => {
  mkdirSync('run', { recursive: true });
  writeFileSync('run/bench-results.json', JSON.stringify(report, null, 2) + '\n');
};
const section = async (name: string, fn: () => Promise<unknown>) => {
  if (!wanted(name)) return;
  const t = Date.now();
  console.error(`▶ ${name} (load ${load().join(' ')})`);
  report[name] = await fn();
  console.error(`  ${name} took ${Math.round((Date.now() - t) / 1000)} s`);
  write();
};

await section('foundation', () => foundationBenchmarks());
await section('inbound_ack', () => (quick ? inboundAckBenchmarks([200, 900], 3) : inboundAckBenchmarks()));
await section('webhook_fanout', () => webhookFanoutBenchmarks(quick ? QUICK_WEBHOOK_FANOUT_OPTIONS : DEFAULT_WEBHOOK_FANOUT_OPTIONS));
if (wanted('outbound') || wanted('ingest') || wanted('noisy') || wanted('bots') || wanted('bots_cpu') || wanted('profile')) {
  const stack = await startStack();
  try {
    const outboundOptions = quick ? { seconds: 3, stepSeconds: 3, sendSteps: [600, 1200], lifecycleSteps: [200, 400], floodSize: 3000 } : DEFAULT_OUTBOUND_OPTIONS;
    await section('outbound', () => outboundBenchmarks(stack, outboundOptions));
    // Only the ingest part of `outbound` (api vs baseline), e.g. to check a change to POST /api/v1/messages.
    if (only?.includes('ingest')) await section('ingest', () => outboundBenchmarks(stack, { ...outboundOptions, ingestOnly: true }));
    if (only?.includes('noisy')) await section('noisy', () => outboundBenchmarks(stack, { ...outboundOptions, noisyOnly: true }));
    await section('bots_cpu', async () => ({
      keyword: await botCpuBenchmarks(stack, quick ? { rate: 40, seconds: 5 } : { rate: 40, seconds: 15 }),
      lead_capture: await botCpuBenchmarks(stack, { ...(quick ? { rate: 20, seconds: 5 } : { rate: 20, seconds: 15 }), flow: 'lead' }),
    }));
    await section('bots', () => botBenchmarks(stack, quick ? QUICK_BOT_OPTIONS : DEFAULT_BOT_OPTIONS));
    await section('profile', async () => summarizeProfiles(await profileHotPaths(stack, quick ? 3 : 10)));
  } finally {
    await stack.stop();
  }
}
report['load_average_at_end'] = load();
report['duration_s'] = Math.round((Date.now() - startedAt) / 1000);
write();
console.log(JSON.stringify(report, null, 2));
