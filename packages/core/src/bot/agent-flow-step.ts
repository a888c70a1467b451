import { runAiStep, type AiStepResult, type ChatProviderConfig, type TokenUsage } from '@switchboard/ai-agent';
import type { Prisma, PrismaClient } from '@switchboard/db';
import type { FlowEffectOf, JsonValue } from '@switchboard/flow-engine';
import type { Logger } from '@switchboard/observability';
import { parseAgentSettings } from '../ai/agent-bot-settings';
import { loadAiProvider } from '../ai/ai-provider';
import { searchKnowledge } from '../ai/search-knowledge';
import type { AgentRuntimeDeps } from './agent-runtime-deps';
import type { SqlClient } from '../ports/sql-pool';
import type { FlowTurnState } from './flow-turn';

/** Reply fed back for `ai` effects when the worker has no agent or the workspace no AI provider. */
export const AI_NOT_CONFIGURED = 'AI provider not configured';

/** A flow AI step's default time budget (model retries included); it runs inside the flow turn. */
const AI_STEP_BUDGET_MS = 20_000;
/** Knowledge snippets given to an AI step when its bot has documents. */
const AI_STEP_SNIPPETS = 3;

/** What an AI step needs besides the effect; the worker and the dashboard's test panel both call it. */
export interface FlowAiStepInput {
  db: PrismaClient | Prisma.TransactionClient;
  agent: AgentRuntimeDeps | undefined;
  provider: ChatProviderConfig | null;
  /** The bot's stored settings (its agent settings give model, temperature, output tokens); null without a bot. */
  botSettings: unknown;
  workspaceId: string;
  botId: string | null;
  logger: Logger;
  clock?: () => number;
}

/**
 * Answers a flow's `ai` effect with the workspace's provider (docs/ai-agent.md):
 * text, or JSON validated by the step's output schema. Never throws for model
 * failures: they come back as `error` so the flow takes its error edge.
 * `result` is null when no model was called.
 */
export async function answerFlowAiStep(
  input: FlowAiStepInput,
  effect: FlowEffectOf<'ai'>,
): Promise<{ fed: { output?: JsonValue; error?: string }; result: AiStepResult | null }> {
  const log = input.logger.child({ node_id: effect.nodeId });
  if (!input.agent || !input.provider) {
    log.warn('flow AI step: no AI provider is configured; taking its error edge');
    return { fed: { error: AI_NOT_CONFIGURED }, result: null };
  }
  const agent = parseAgentSettings(input.botSettings);
  const search = input.botId
    ? await searchKnowledge(input.db, input.agent.createEmbeddingModel(input.provider), {
      workspaceId: input.workspaceId, botId: input.botId, question: effect.prompt, limit: AI_STEP_SNIPPETS, ...(input.clock ? { now: input.clock } : {}),
    })
    : null;
  if (search?.fallback) log.warn({ fallback: search.fallback }, 'knowledge: embeddings unavailable, used full-text search');
  const knowledge = search?.snippets ?? [];
  const result: AiStepResult = await runAiStep(
    input.agent.createModel(input.provider),
    {
      instructions: effect.instructions,
      prompt: effect.prompt,
      ...(effect.model ? { model: effect.model } : agent.ok && agent.settings.model ? { model: agent.settings.model } : {}),
      ...(effect.outputSchema ? { outputSchema: effect.outputSchema } : {}),
      ...(agent.ok ? { temperature: agent.settings.temperature, maxOutputTokens: agent.settings.maxOutputTokens } : {}),
      timeBudgetMs: input.agent.aiStepBudgetMs ?? AI_STEP_BUDGET_MS,
      knowledge,
    },
    input.clock,
  );
  // Counts only: the prompt and the output are message text.
  log.info(
    {
      model: result.model, input_tokens: result.usage.inputTokens, output_tokens: result.usage.outputTokens, ok: result.error === undefined,
      ...(search ? { knowledge: knowledge.length, knowledge_method: search.method, ...(search.fallback ? { knowledge_fallback: true } : {}) } : {}),
      ...(result.error ? { err: result.error } : {}),
    },
    'flow AI step done',
  );
  return { fed: result.error !== undefined ? { error: result.error } : { output: result.output as JsonValue }, result };
}

/**
 * Executes a flow's `ai` effect inside a worker turn, adding the tokens to the answered message (on
 * the turn's connection). Provider, settings and knowledge are only read, so outside the turn's
 * transaction.
 */
export async function runFlowAiStep(state: FlowTurnState, effect: FlowEffectOf<'ai'>): Promise<{ output?: JsonValue; error?: string }> {
  const { deps, db, conversation, bot } = state;
  const provider = deps.agent ? await loadAiProvider(deps.prisma, deps.secretBox, conversation.workspaceId) : null;
  const raw = provider ? await deps.prisma.bot.findUnique({ where: { id: bot.id }, select: { settings: true } }) : null;
  const { fed, result } = await answerFlowAiStep(
    {
      db: deps.prisma, agent: deps.agent, provider, botSettings: raw?.settings, workspaceId: conversation.workspaceId, botId: bot.id,
      logger: deps.logger.child({ conversation_id: conversation.id, bot_id: bot.id }), ...(deps.clock ? { clock: deps.clock } : {}),
    },
    effect,
  );
  if (result) await recordUsage(db, conversation.id, result.model, result.usage);
  return fed;
}

// Tokens go on the conversation's latest inbound message (the one the turn answers), added up across AI steps.
async function recordUsage(db: SqlClient, conversationId: string, model: string, usage: TokenUsage): Promise<void> {
  if (usage.inputTokens === 0 && usage.outputTokens === 0) return;
  await db.query({
    name: 'sb_flow_ai_usage',
    text: `UPDATE messages SET metadata = coalesce(metadata, '{}'::jsonb) || jsonb_build_object('ai_usage', jsonb_build_object(
      'model', $2::text,
      'input_tokens', coalesce((metadata->'ai_usage'->>'input_tokens')::int, 0) + $3::int,
      'output_tokens', coalesce((metadata->'ai_usage'->>'output_tokens')::int, 0) + $4::int))
    WHERE id = (SELECT id FROM messages WHERE conversation_id = $1::uuid AND direction = 'inbound' ORDER BY created_at DESC LIMIT 1)`,
    values: [conversationId, model, usage.inputTokens, usage.outputTokens],
  });
}
