import { runAgentTurn, type AgentImage, type AgentMemory, type AgentSettings, type AgentTurnResult, type ChatModel, type ToolHttpPort } from '@switchboard/ai-agent';
import type { Prisma, PrismaClient } from '@switchboard/db';
import type { Logger } from '@switchboard/observability';
import { retrieveKnowledge, type KnowledgeSnippet } from '../ai/retrieve-knowledge';

/** One agent answer's inputs; the worker's turn and the dashboard's test panel both call it. */
export interface AgentMessageInput {
  db: PrismaClient | Prisma.TransactionClient;
  /** The workspace provider's model client. */
  model: ChatModel;
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

/**
 * Answers one user turn with the agent: the bot's knowledge snippets
 * (retrieval failing soft), then the agent loop with the workspace's model and
 * the tools' HTTP port. Logs counts and names only, never message text.
 */
export async function answerAgentMessage(input: AgentMessageInput): Promise<AgentTurnResult> {
  const { settings, logger: log } = input;
  let knowledge: KnowledgeSnippet[] = [];
  if (settings.knowledgeSnippets > 0) {
    knowledge = await retrieveKnowledge(input.db, {
      workspaceId: input.workspaceId, botId: input.botId, question: input.userMessage, limit: settings.knowledgeSnippets,
    }).catch((error: Error) => {
      log.warn({ err: error.message }, 'knowledge retrieval failed; answering without it');
      return [];
    });
  }
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
      input_tokens: result.usage.inputTokens, output_tokens: result.usage.outputTokens, knowledge: knowledge.length, images: input.images?.length ?? 0,
      ms: Math.round(performance.now() - started), ...(result.failure ? { failure: result.failure } : {}),
    },
    'agent answered',
  );
  return result;
}
