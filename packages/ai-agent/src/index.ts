// OpenAI-compatible agent loop (docs/ai-agent.md): no database, no env; model and HTTP through injected clients.
export type { AgentEffect, AgentMessage } from './agent-effect';
export { agentMemorySchema, emptyAgentMemory, memoryTurnSchema, type AgentMemory, type MemoryTurn } from './agent-memory';
export { agentSettingsSchema, builtInToolNames, type AgentSettings, type AgentSettingsInput, type BuiltInToolName } from './agent-settings';
export { buildAgentPrompt, type AgentContext, type AgentImage } from './build-agent-prompt';
export { builtInToolDefinitions, runBuiltInTool, type BuiltInOutcome } from './built-in-tools';
export { createChatModel, type ChatModel, type ChatModelTiming, type ChatProviderConfig, type ChatRequest, type ChatResult, type TokenUsage } from './chat-model';
export {
  HTTP_TOOL_MAX_RESPONSE_BYTES,
  HTTP_TOOL_MAX_TIMEOUT_MS,
  httpToolSchema,
  renderHttpToolRequest,
  runHttpTool,
  type HttpTool,
  type HttpToolOutcome,
  type RenderedToolRequest,
  type ToolHttpPort,
} from './http-tool';
export { createEmbeddingModel, EMBEDDING_BATCH_SIZE, type EmbeddingModel, type Embeddings } from './embedding-model';
export { compileJsonSchema, jsonSchemaObjectSchema, type JsonSchemaCheck, type JsonSchemaObject } from './json-schema';
export { ModelCallError, type ModelFailureKind } from './model-call-error';
export { runAgentTurn, type AgentToolCall, type AgentTurnInput, type AgentTurnOutcome, type AgentTurnResult } from './run-agent-turn';
export { runAiStep, type AiStepRequest, type AiStepResult } from './run-ai-step';
export { compactMemory } from './summarize-memory';
export {
  evaluateConversations,
  evaluationFileSchema,
  formatEvaluationReport,
  type EvaluatedConversation,
  type EvaluatedTurn,
  type EvaluationFile,
  type EvaluationReport,
} from './evaluate-conversations';
