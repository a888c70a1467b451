import { z } from 'zod';
import { emptyAgentMemory } from './agent-memory';
import type { AgentSettings } from './agent-settings';
import type { ChatModel, TokenUsage } from './chat-model';
import type { ToolHttpPort } from './http-tool';
import { runAgentTurn, type AgentTurnOutcome } from './run-agent-turn';

const expectationSchema = z
  .object({
    /** Tools that must be called in this turn (any order; others may be called too). */
    toolCalls: z.array(z.string()).optional(),
    /** Tools that must not be called in this turn. */
    notToolCalls: z.array(z.string()).optional(),
    /** Whether the turn must hand off (true) or must not (false). */
    handoff: z.boolean().optional(),
    /** Whether the turn must end the conversation. */
    ended: z.boolean().optional(),
    /** Fragments the reply text must contain (case-insensitive). */
    replyIncludes: z.array(z.string()).optional(),
  })
  .strict();

/** A file of recorded conversations with what should happen in each turn. */
export const evaluationFileSchema = z
  .object({
    conversations: z
      .array(
        z
          .object({
            name: z.string().min(1),
            /** HTTP tool results to use instead of calling the tools (by tool name). */
            toolResults: z.record(z.string(), z.unknown()).default({}),
            turns: z.array(z.object({ user: z.string().min(1), expect: expectationSchema.default({}) }).strict()).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type EvaluationFile = z.infer<typeof evaluationFileSchema>;

/** One turn as replayed: what happened and which expectations failed. */
export interface EvaluatedTurn {
  user: string;
  outcome: AgentTurnOutcome;
  toolCalls: string[];
  reply: string;
  failures: string[];
}

export interface EvaluatedConversation {
  name: string;
  passed: boolean;
  turns: EvaluatedTurn[];
  /** Turns not replayed because an earlier one handed off or ended the conversation. */
  skippedTurns: number;
}

export interface EvaluationReport {
  passed: number;
  failed: number;
  conversations: EvaluatedConversation[];
  usage: TokenUsage;
}

/**
 * Replays recorded conversations against an agent configuration, turn by turn
 * with memory, and checks each turn's expected tool calls, handoff, end and
 * reply fragments. HTTP tools answer from the file's `toolResults` when given,
 * else through `http` (omit it to forbid live calls).
 */
export async function evaluateConversations(input: { settings: AgentSettings; model: ChatModel; file: EvaluationFile; http?: ToolHttpPort }): Promise<EvaluationReport> {
  const noHttp: ToolHttpPort = async () => {
    throw Object.assign(new Error('live tool calls are off in this evaluation; record a result in toolResults'), { code: 'EVAL_NO_LIVE_TOOLS' });
  };
  const report: EvaluationReport = { passed: 0, failed: 0, conversations: [], usage: { inputTokens: 0, outputTokens: 0 } };
  for (const conversation of input.file.conversations) {
    let memory = emptyAgentMemory();
    const turns: EvaluatedTurn[] = [];
    let skippedTurns = 0;
    for (const [i, turn] of conversation.turns.entries()) {
      const result = await runAgentTurn({
        settings: input.settings,
        model: input.model,
        memory,
        userMessage: turn.user,
        http: input.http ?? noHttp,
        recordedToolResult: (name) => (Object.hasOwn(conversation.toolResults, name) ? JSON.stringify(conversation.toolResults[name]) : undefined),
      });
      memory = result.memory;
      report.usage.inputTokens += result.usage.inputTokens;
      report.usage.outputTokens += result.usage.outputTokens;
      const called = result.toolCalls.map((c) => c.name);
      const reply = result.effects.flatMap((e) => (e.type === 'send' && e.message.type === 'text' ? [e.message.text.body] : [])).join('\n');
      const failures: string[] = [];
      const want = turn.expect;
      for (const name of want.toolCalls ?? []) if (!called.includes(name)) failures.push(`expected a call to ${name}, got ${called.length > 0 ? called.join(', ') : 'no tool calls'}`);
      for (const name of want.notToolCalls ?? []) if (called.includes(name)) failures.push(`expected no call to ${name}`);
      const handedOff = result.effects.some((e) => e.type === 'handoff');
      if (want.handoff !== undefined && want.handoff !== handedOff) failures.push(want.handoff ? 'expected a handoff, none happened' : 'expected no handoff, but it handed off');
      if (want.ended !== undefined && want.ended !== (result.outcome === 'ended')) failures.push(want.ended ? 'expected the conversation to end' : 'expected the conversation not to end');
      for (const fragment of want.replyIncludes ?? []) if (!reply.toLowerCase().includes(fragment.toLowerCase())) failures.push(`expected the reply to include "${fragment}"`);
      if (result.failure) failures.push(`the agent failed: ${result.failure}`);
      turns.push({ user: turn.user, outcome: result.outcome, toolCalls: called, reply, failures });
      if (handedOff || result.outcome === 'ended') {
        skippedTurns = conversation.turns.length - i - 1;
        break;
      }
    }
    const passed = turns.every((t) => t.failures.length === 0) && skippedTurns === 0;
    if (passed) report.passed += 1;
    else report.failed += 1;
    report.conversations.push({ name: conversation.name, passed, turns, skippedTurns });
  }
  return report;
}

/** The report as lines for a terminal: one line per conversation, then its failures. */
export function formatEvaluationReport(report: EvaluationReport): string {
  const lines: string[] = [];
  for (const c of report.conversations) {
    lines.push(`${c.passed ? 'PASS' : 'FAIL'}  ${c.name} (${c.turns.length} turn${c.turns.length === 1 ? '' : 's'})`);
    for (const [i, t] of c.turns.entries()) {
      for (const failure of t.failures) lines.push(`      turn ${i + 1}: ${failure}`);
    }
    if (c.skippedTurns > 0) lines.push(`      ${c.skippedTurns} turn(s) not replayed: the conversation was handed off or ended before them`);
  }
  lines.push('', `${report.passed}/${report.passed + report.failed} conversations passed · tokens in ${report.usage.inputTokens}, out ${report.usage.outputTokens}`);
  return lines.join('\n');
}
