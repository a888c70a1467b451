import { runAgentTurn, type AgentImage, type AgentMemory, type AgentSettings, type AgentTurnResult, type ChatModel, type EmbeddingModel, type ToolHttpPort } from '@switchboard/ai-agent';
import type { Prisma, PrismaClient } from '@switchboard/db';
import type { Logger } from '@switchboard/observability';
import { searchKnowledge, type KnowledgeSearch } from '../ai/search-knowledge';

/** One agent answer's inputs; the worker's turn and the dashboard's test panel both call it. */
export interface AgentMessageInput {
  db: PrismaClient | Prisma.TransactionClient;
  /** The workspace provider's model client. */
  model: ChatModel;
  /** The provider's embeddings model (null: knowledge by full-text search). */
  embedder: EmbeddingModel | null;
  /** The HTTP port of user-defined tools (SSRF-guarded). */
  toolHttp: ToolHttpPort;
  settings: AgentSettings;
  workspaceId: string;
  botId: string;
  memory: AgentMemory;
  /** The turn's user message(s) as text (media already read). */
  userMessage: string;
  images?: AgentImage[];
  contact: { name: string | null; attributes: Record<string, unknown> };
  logger: Logger;
  clock?: () => number;
}

/** How the turn's knowledge was found (stored in `ai_usage.knowledge`); null when the bot asks for none or retrieval failed. */
export type KnowledgeUse = Pick<KnowledgeSearch, 'method' | 'fallback' | 'cosine'> & { snippets: number };

/**
 * Answers one user turn with the agent: the bot's knowledge snippets
 * (by embeddings or full-text search, failing soft), then the agent loop with
 * the workspace's model and the tools' HTTP port. Logs counts and names only,
 * never message text.
 */
export async function answerAgentMessage(input: AgentMessageInput): Promise<AgentTurnResult & { knowledge: KnowledgeUse | null }> {
  const { settings, logger: log } = input;
  let search: KnowledgeSearch | null = null;
  if (settings.knowledgeSnippets > 0) {
    search = await searchKnowledge(input.db, input.embedder, {
      workspaceId: input.workspaceId, botId: input.botId, question: input.userMessage, limit: settings.knowledgeSnippets, ...(input.clock ? { now: input.clock } : {}),
    }).catch((error: Error) => {
      log.warn({ err: error.message }, 'knowledge retrieval failed; answering without it');
      return null;
    });
    if (search?.fallback) log.warn({ fallback: search.fallback }, 'knowledge: embeddings unavailable, used full-text search');
  }
  const knowledge = search?.snippets ?? [];
  const use: KnowledgeUse | null = search
    ? { method: search.method, snippets: knowledge.length, ...(search.fallback ? { fallback: search.fallback } : {}), ...(search.cosine ? { cosine: search.cosine } : {}) }
    : null;
  const started = performance.now();
  const result = await runAgentTurn({
    settings,
    model: input.model,
    memory: input.memory,
    userMessage: input.userMessage,
    images: input.images ?? [],
    http: input.toolHttp,
    context: { contact: { name: input.contact.name, fields: input.contact.attributes }, knowledge },
    ...(input.clock ? { now: input.clock } : {}),
  });
  // Counts and names only: prompts and replies are message text and stay out of info logs.
  log.info(
    {
      outcome: result.outcome, model: result.model, model_calls: result.modelCalls, tool_calls: result.toolCalls.map((c) => `${c.name}${c.ok ? '' : '!'}`),
      input_tokens: result.usage.inputTokens, output_tokens: result.usage.outputTokens, knowledge: knowledge.length,
      ...(use ? { knowledge_method: use.method, ...(use.fallback ? { knowledge_fallback: true } : {}) } : {}), images: input.images?.length ?? 0,
      ms: Math.round(performance.now() - started), ...(result.failure ? { failure: result.failure } : {}),
    },
    'agent answered',
  );
  return { ...result, knowledge: use };
}
