import type { AgentMemory } from './agent-memory';
import type { AgentSettings } from './agent-settings';
import type { ChatModel, TokenUsage } from './chat-model';

const SUMMARY_MAX_CHARS = 4_000;

/**
 * Makes room for a new turn: when the verbatim turns already fill the memory,
 * the oldest ones are folded into the rolling summary with one model call.
 * If that call fails the turns are kept (a later turn retries), but never
 * more than twice the memory, so the prompt stays bounded.
 */
export async function compactMemory(
  settings: AgentSettings,
  memory: AgentMemory,
  model: ChatModel,
  deadlineMs: number,
): Promise<{ memory: AgentMemory; usage: TokenUsage; summarized: number; error?: string }> {
  const keep = settings.memoryTurns - 1;
  const overflow = memory.turns.length - keep;
  if (overflow <= 0) return { memory, usage: { inputTokens: 0, outputTokens: 0 }, summarized: 0 };
  const old = memory.turns.slice(0, overflow);
  const transcript = old.map((t) => `User: ${t.user}\nAssistant: ${t.assistant}`).join('\n\n');
  try {
    const result = await model.complete(
      {
        ...(settings.model ? { model: settings.model } : {}),
        temperature: 0,
        maxOutputTokens: 400,
        messages: [
          {
            role: 'system',
            content:
              'You maintain the running summary of a customer conversation. Merge the previous summary and the new exchanges into one short summary ' +
              '(facts the user gave, what was decided, open questions). Plain text, at most 120 words.',
          },
          { role: 'user', content: `Previous summary:\n${memory.summary || '(none)'}\n\nNew exchanges:\n${transcript}` },
        ],
      },
      { deadlineMs },
    );
    const summary = (result.message.content ?? '').trim().slice(0, SUMMARY_MAX_CHARS);
    return { memory: { ...memory, summary, turns: memory.turns.slice(overflow) }, usage: result.usage, summarized: overflow };
  } catch (error) {
    const cap = settings.memoryTurns * 2 - 1;
    const turns = memory.turns.length > cap ? memory.turns.slice(memory.turns.length - cap) : memory.turns;
    return { memory: { ...memory, turns }, usage: { inputTokens: 0, outputTokens: 0 }, summarized: 0, error: (error as Error).message };
  }
}
