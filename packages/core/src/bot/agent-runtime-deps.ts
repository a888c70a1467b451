import type { ChatModel, ChatProviderConfig, EmbeddingModel, ToolHttpPort } from '@switchboard/ai-agent';
import type { ChannelForGraph } from './bot-runtime-deps';

/** What the runtime needs to answer with the AI agent; without it agent-mode bots stay silent and AI steps fail. */
export interface AgentRuntimeDeps {
  /** The HTTP port of user-defined tools (SSRF-guarded, time and size capped). */
  toolHttp: ToolHttpPort;
  /** Builds the chat model of a workspace's provider (the worker decides which fetch reaches it). */
  createModel: (provider: ChatProviderConfig) => ChatModel;
  /** The provider's embeddings model over the same fetch, or null when it names none (knowledge is then full-text search). */
  createEmbeddingModel: (provider: ChatProviderConfig) => EmbeddingModel | null;
  /** Downloads an inbound media id through the channel's Graph client (for voice notes and images); throws on failure. */
  downloadMedia?: (channel: ChannelForGraph, mediaId: string, maxBytes: number) => Promise<{ bytes: Uint8Array; contentType: string }>;
  /** Time budget of a flow AI step (it runs inside the flow turn), retries included. Default 20 s. */
  aiStepBudgetMs?: number;
}
