import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { AgentEffect } from './agent-effect';
import type { AgentMemory } from './agent-memory';
import { builtInToolNames, type AgentSettings, type BuiltInToolName } from './agent-settings';
import { buildAgentPrompt, type AgentContext, type AgentImage } from './build-agent-prompt';
import { builtInToolDefinitions, runBuiltInTool } from './built-in-tools';
import type { ChatModel, TokenUsage } from './chat-model';
import { runHttpTool, type ToolHttpPort } from './http-tool';
import { compileJsonSchema } from './json-schema';
import { ModelCallError } from './model-call-error';
import { compactMemory } from './summarize-memory';

/** WhatsApp's text body limit: a longer answer is cut. */
const TEXT_BODY_MAX = 4096;

/** One tool call the model made in a turn, for the transcript, the test panel and evaluations. */
export interface AgentToolCall {
  name: string;
  arguments: Record<string, unknown>;
  ok: boolean;
  /** What the model was told (cut for HTTP tools). */
  result: string;
}

/** How a turn ended. */
export type AgentTurnOutcome = 'answered' | 'handoff' | 'ended' | 'fallback' | 'step_budget';

export interface AgentTurnResult {
  effects: AgentEffect[];
  /** The memory to store for the next turn (an `ended` conversation starts over). */
  memory: AgentMemory;
  usage: TokenUsage;
  toolCalls: AgentToolCall[];
  outcome: AgentTurnOutcome;
  /** Why the fallback was used (no prompt or reply text in it). */
  failure?: string;
  /** The model that answered (as the server names it). */
  model: string;
  /** Model calls made, summary included. */
  modelCalls: number;
}

export interface AgentTurnInput {
  settings: AgentSettings;
  model: ChatModel;
  memory: AgentMemory;
  /** The user's message(s) of this turn as text. */
  userMessage: string;
  /** Images of this turn (bots with `media.images`). */
  images?: AgentImage[];
  context?: AgentContext;
  /** HTTP port of user-defined tools (SSRF-guarded in production). */
  http: ToolHttpPort;
  /** Evaluations: answers an HTTP tool call from a recording instead of the network (undefined: call it). */
  recordedToolResult?: (name: string, args: Record<string, unknown>) => string | undefined;
  now?: () => number;
}

function parseArguments(raw: string): Record<string, unknown> | string {
  try {
    const value = JSON.parse(raw === '' ? '{}' : raw) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return 'the arguments must be a JSON object';
  } catch {
    return 'the arguments are not valid JSON';
  }
}

const isBuiltIn = (name: string): name is BuiltInToolName => (builtInToolNames as readonly string[]).includes(name);

/**
 * Answers one user turn: compacts the memory if it is full, then asks the
 * model with the bot's tools, runs the tool calls it makes (built-ins become
 * effects, HTTP tools go through the injected port) and asks again, until the
 * model answers in text, hands off or ends, or the step budget runs out. A
 * model failure after retries, or an exhausted step budget, answers with the
 * fallback message (and a handoff when configured). Never throws for model or
 * tool failures.
 */
export async function runAgentTurn(input: AgentTurnInput): Promise<AgentTurnResult> {
  const { settings, model } = input;
  const now = input.now ?? Date.now;
  const deadlineMs = now() + settings.timeBudgetMs;
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  const add = (u: TokenUsage) => {
    usage.inputTokens += u.inputTokens;
    usage.outputTokens += u.outputTokens;
  };
  const effects: AgentEffect[] = [];
  const toolCalls: AgentToolCall[] = [];
  let modelCalls = 0;
  let answeredBy = settings.model ?? model.defaultModel;

  const firstTurn = input.memory.turns.length === 0 && input.memory.summary === '';
  const greeting = firstTurn && settings.greeting ? settings.greeting : undefined;
  if (greeting) effects.push({ type: 'send', message: { type: 'text', text: { body: greeting } } });

  const compacted = await compactMemory(settings, input.memory, model, deadlineMs);
  if (compacted.summarized > 0) modelCalls += 1;
  add(compacted.usage);
  let memory = compacted.memory;
  const variables = { ...memory.variables };

  const httpTools = new Map(settings.httpTools.map((tool) => [tool.name, { tool, check: compileJsonSchema(tool.parameters) }]));
  const tools: ChatCompletionFunctionTool[] = [
    ...builtInToolDefinitions(settings),
    ...settings.httpTools.map((tool) => ({ type: 'function' as const, function: { name: tool.name, description: tool.description, parameters: tool.parameters } })),
  ];
  const messages: ChatCompletionMessageParam[] = buildAgentPrompt(settings, memory, input.userMessage, input.context, input.images);

  const finish = (outcome: AgentTurnOutcome, text: string | undefined, failure?: string): AgentTurnResult => {
    const body = text?.trim() ? text.trim().slice(0, TEXT_BODY_MAX) : undefined;
    if (body) effects.push({ type: 'send', message: { type: 'text', text: { body } } });
    if (outcome === 'fallback' || outcome === 'step_budget') {
      if (settings.handoffOnFailure && !effects.some((e) => e.type === 'handoff')) effects.push({ type: 'handoff', reason: `agent failure: ${failure ?? outcome}` });
    }
    const notes = toolCalls.map((c) => `[${c.name}${c.ok ? '' : ' failed'}]`).join(' ');
    const assistant = [greeting, notes, body].filter(Boolean).join('\n');
    memory = outcome === 'ended' ? { summary: '', turns: [], variables: {} } : { ...memory, variables, turns: [...memory.turns, { user: input.userMessage, assistant }] };
    return { effects, memory, usage, toolCalls, outcome, ...(failure ? { failure } : {}), model: answeredBy, modelCalls };
  };

  for (let step = 1; step <= settings.stepBudget; step += 1) {
    let result;
    try {
      result = await model.complete(
        {
          messages,
          tools,
          temperature: settings.temperature,
          maxOutputTokens: settings.maxOutputTokens,
          ...(settings.model ? { model: settings.model } : {}),
        },
        { deadlineMs },
      );
    } catch (error) {
      const failure = error instanceof ModelCallError ? `${error.kind}: ${error.message}` : (error as Error).message;
      return finish('fallback', settings.fallbackMessage, failure);
    }
    modelCalls += 1;
    add(result.usage);
    answeredBy = result.model;
    const calls = (result.message.tool_calls ?? []).filter((c) => c.type === 'function');
    if (calls.length === 0) return finish('answered', result.message.content ?? '');

    messages.push({ role: 'assistant', content: result.message.content ?? null, tool_calls: calls });
    let stop: AgentTurnOutcome | undefined;
    for (const call of calls) {
      const name = call.function.name;
      const parsed = parseArguments(call.function.arguments);
      let record: AgentToolCall;
      if (typeof parsed === 'string') {
        record = { name, arguments: {}, ok: false, result: `error: ${parsed}` };
      } else if (isBuiltIn(name) && settings.builtInTools.includes(name)) {
        const outcome = runBuiltInTool(name, parsed, settings);
        for (const effect of outcome.effects) {
          effects.push(effect);
          if (effect.type === 'set_variable') variables[effect.name] = effect.value;
        }
        if (outcome.stops) stop = name === 'handoff_to_human' ? 'handoff' : 'ended';
        record = { name, arguments: parsed, ok: outcome.ok, result: outcome.result };
      } else if (httpTools.has(name)) {
        const { tool, check } = httpTools.get(name)!;
        const checked = check(parsed);
        if (!checked.ok) {
          record = { name, arguments: parsed, ok: false, result: `error: invalid arguments: ${checked.problems.join('; ')}` };
        } else if (input.recordedToolResult?.(name, parsed) !== undefined) {
          record = { name, arguments: parsed, ok: true, result: input.recordedToolResult(name, parsed)! };
        } else {
          const outcome = await runHttpTool(tool, parsed, variables, input.http);
          record = { name, arguments: parsed, ok: outcome.ok, result: outcome.content };
        }
      } else {
        record = { name, arguments: parsed, ok: false, result: `error: there is no tool named ${name}` };
      }
      toolCalls.push(record);
      messages.push({ role: 'tool', tool_call_id: call.id, content: record.result });
    }
    if (stop) return finish(stop, result.message.content ?? undefined);
  }
  return finish('step_budget', settings.fallbackMessage, `the model still called tools after ${settings.stepBudget} steps`);
}
