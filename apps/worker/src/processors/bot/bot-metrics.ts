import type { BotRuntimeSignal } from '@switchboard/core';
import { Counter, Histogram, type Registry } from '@switchboard/observability';

/** The bot runtime's Prometheus metrics. */
export function createBotMetrics(registry: Registry) {
  const turns = new Counter({ name: 'bot_turns_total', help: 'Conversation turn runs, by result and path', labelNames: ['status', 'path'], registers: [registry] });
  const turnSeconds = new Histogram({
    name: 'bot_turn_duration_seconds',
    help: 'Time of one turn transaction (lock, engine, effects, writes)',
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
    registers: [registry],
  });
  const inputs = new Counter({ name: 'bot_inputs_total', help: 'Inbound messages consumed by turns, by outcome', labelNames: ['outcome'], registers: [registry] });
  const effects = new Counter({ name: 'bot_effects_total', help: 'Flow effects executed, by type', labelNames: ['type'], registers: [registry] });
  const sessionEnds = new Counter({ name: 'bot_session_ends_total', help: 'Flow sessions ended, by reason', labelNames: ['reason'], registers: [registry] });
  const replies = new Counter({ name: 'bot_replies_total', help: 'Bot replies: queued now, held behind an earlier one, invalid', labelNames: ['outcome'], registers: [registry] });
  const promotions = new Counter({ name: 'bot_reply_promotions_total', help: 'Held replies moved into the outbound pipeline', registers: [registry] });
  const markRead = new Counter({ name: 'bot_mark_read_total', help: 'Mark-read / typing calls, by outcome', labelNames: ['outcome'], registers: [registry] });
  const signal = (s: BotRuntimeSignal) => {
    if (s.kind === 'effect') effects.inc({ type: s.type });
    else if (s.kind === 'session_end') sessionEnds.inc({ reason: s.reason });
    else if (s.kind === 'input') inputs.inc({ outcome: s.outcome });
    else replies.inc({ outcome: s.outcome });
  };
  return { turns, turnSeconds, inputs, promotions, markRead, signal };
}

export type BotMetrics = ReturnType<typeof createBotMetrics>;
