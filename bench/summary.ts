// Prints the issue-3 and issue-5 figures of run/bench-results.json next to
// their targets as a Markdown table (for docs/performance.md).
// Usage: node --import tsx bench/summary.ts [run/bench-results.json]
import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;
const file = process.argv[2] ?? 'run/bench-results.json';
const r = JSON.parse(readFileSync(file, 'utf8')) as Json;
const get = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), r);
const n = (path: string) => {
  const v = get(path);
  return typeof v === 'number' ? String(v) : v === undefined ? 'n/a' : JSON.stringify(v);
};

const rows: [string, string, string][] = [
  ['Ingest capacity (closed loop, 32 conns, no worker)', `${n('outbound.ingest.capacity_closed_loop_32_connections.requests_per_second')} req/s`, '≥ 2,700 req/s'],
  ['Ingest p50 / p99 at 1,000 req/s (open loop)', `${n('outbound.ingest.at_1000.latency.p50_ms')} / ${n('outbound.ingest.at_1000.latency.p99_ms')} ms (achieved ${n('outbound.ingest.at_1000.achieved_rate')}/s)`, 'p99 ≤ 15 ms'],
  ['Baseline ingest capacity (node:http + same INSERT + enqueue)', `${n('outbound.ingest.baseline.capacity_closed_loop_32_connections.requests_per_second')} req/s`, '—'],
  ['Baseline p50 / p99 at 1,000 req/s', `${n('outbound.ingest.baseline.at_1000.latency.p50_ms')} / ${n('outbound.ingest.baseline.at_1000.latency.p99_ms')} ms`, '—'],
  ['Ingest capacity ratio to baseline', n('outbound.ingest.capacity_ratio_to_baseline'), '—'],
  ['Send path: highest sustained rate (webhooks off)', `${n('outbound.send_path.max_sustained_rate')} msg/s`, '≥ 1,200 msg/s'],
  ['Send path p50 / p99 at 865 msg/s', `${n('outbound.send_path.at_865.send_latency.p50_ms')} / ${n('outbound.send_path.at_865.send_latency.p99_ms')} ms`, 'p50 ≤ 10, p99 ≤ 50 ms'],
  ['At 80 % of max: lost / duplicated', `${n('outbound.send_path.at_80_percent_of_max.lost')} / ${n('outbound.send_path.at_80_percent_of_max.duplicated')} (rate ${n('outbound.send_path.at_80_percent_of_max.rate')}/s)`, '0 / 0'],
  ['Full lifecycle: highest sustained rate', `${n('outbound.full_lifecycle.max_sustained_rate')} msg/s`, '≥ 400 msg/s'],
  ['Full lifecycle p50 / p99 at 200 msg/s (POST → delivered)', `${n('outbound.full_lifecycle.at_200.delivered_latency.p50_ms')} / ${n('outbound.full_lifecycle.at_200.delivered_latency.p99_ms')} ms`, 'p50 ≤ 30, p99 ≤ 200 ms'],
  ['Noisy neighbour: B critical p95 alone / during A flood', `${n('outbound.noisy_neighbour.b_alone.p95_ms')} / ${n('outbound.noisy_neighbour.b_during_flood.p95_ms')} ms`, '—'],
  ['Noisy-neighbour ratio (A within the api capacity)', n('outbound.noisy_neighbour.ratio_p95'), '≤ 2'],
  ['Noisy-neighbour ratio (A at 1,500/s, over the api capacity)', n('outbound.noisy_neighbour_api_overloaded.ratio_p95'), '≤ 2'],
  ['Noisy-neighbour ratio (B posts after A\'s flood is accepted, while it drains)', n('outbound.noisy_neighbour_backlog.ratio_p95'), '≤ 2'],
  ['Webhook ack p50 / p99 at 200/s', `${n('inbound_ack.rate_200.latency_p50_ms')} / ${n('inbound_ack.rate_200.latency_p99_ms')} ms`, 'p99 ≤ 50 ms'],
  ['Webhook ack p50 / p99 at 900/s', `${n('inbound_ack.rate_900.latency_p50_ms')} / ${n('inbound_ack.rate_900.latency_p99_ms')} ms`, 'p99 ≤ 10 ms'],
  ['Keyword flow: highest sustained replies/s', n('bots.keyword.max_sustained_replies_per_s'), '≥ 1,250/s'],
  ['Keyword flow: best replies/s in any step', n('bots.keyword.best_replies_per_s_in_any_step'), '—'],
  ['Keyword flow p50 / p99 at 900/s', `${n('bots.keyword.at_900.reply_latency.p50_ms')} / ${n('bots.keyword.at_900.reply_latency.p99_ms')} ms`, 'p50 ≤ 10, p99 ≤ 30 ms'],
  ['Keyword flow p50 / p99 at 5/s', `${n('bots.keyword.at_5.reply_latency.p50_ms')} / ${n('bots.keyword.at_5.reply_latency.p99_ms')} ms`, '—'],
  ['Keyword bursts of 3 (300 msg/s) p50 / p99', `${n('bots.keyword.bursts_of_3_at_300_messages_per_s.reply_latency.p50_ms')} / ${n('bots.keyword.bursts_of_3_at_300_messages_per_s.reply_latency.p99_ms')} ms`, '—'],
  ['Lead capture first reply p50 / p99 at 100 new conv/s', `${n('bots.lead_capture.new_conversations_at_100.first_reply_latency.p50_ms')} / ${n('bots.lead_capture.new_conversations_at_100.first_reply_latency.p99_ms')} ms`, 'p99 ≤ 250 ms'],
  ['Lead capture bursts of 3, first reply p50 / p99', `${n('bots.lead_capture.bursts_of_3_at_100_conversations_per_s.reply_latency.p50_ms')} / ${n('bots.lead_capture.bursts_of_3_at_100_conversations_per_s.reply_latency.p99_ms')} ms`, '—'],
  ['BuilderBot replies/s (max seen)', n('bots.builderbot.max_replies_per_s'), '—'],
  ['BuilderBot p50 / p99 at 5/s', `${n('bots.builderbot.at_5.reply_latency.p50_ms')} / ${n('bots.builderbot.at_5.reply_latency.p99_ms')} ms`, '—'],
  ['Ratios to BuilderBot (sustained, best, p50@5, p99@5)', `${n('bots.ratios_to_builderbot.sustained_replies_per_s')}, ${n('bots.ratios_to_builderbot.best_replies_per_s')}, ${n('bots.ratios_to_builderbot.reply_p50_at_5')}, ${n('bots.ratios_to_builderbot.reply_p99_at_5')}`, '—'],
];
console.log(`Run ${n('at')}, load average at start ${n('load_average_at_start')}, at end ${n('load_average_at_end')}, ${n('duration_s')} s\n`);
console.log('| figure | measured | target |\n|---|---|---|');
for (const [label, value, target] of rows) console.log(`| ${label} | ${value} | ${target} |`);
