// The bot runtime: inbound hook, per-conversation turns, effect execution, ordered replies, handoff.
export { assembleTurn, type PendingInput, type TurnAssembly, type TurnGroup } from './assemble-turn';
export {
  type BotRuntimeDeps,
  type BotRuntimeSignal,
  type ChannelForGraph,
  type HttpEffectPort,
  type HttpEffectResult,
  type MarkReadPort,
} from './bot-runtime-deps';
export {
  conversationsWithHeldReplies,
  promoteHeldReplies,
  queueBotReplies,
  type PromoteOutcome,
  type ReplyDispatch,
} from './bot-reply-chain';
export { botSettingsSchema, MAX_BURST_WINDOW_MS, parseBotSettings, type BotSettings } from './bot-settings';
export { createBotInboxHook, type BotInboxHookDeps, type TurnRequest } from './create-bot-inbox-hook';
export { BOT_REPLY_PRIORITY, enqueueBotReply, type BotReplyRow } from './enqueue-bot-reply';
export { findChannelBot, type ChannelBot } from './find-channel-bot';
export { AI_NOT_CONFIGURED, runFlowAiStep } from './agent-flow-step';
export { agentInputText } from './agent-input-text';
export type { AgentRuntimeDeps } from './agent-runtime-deps';
export { runAgentBotTurn } from './agent-turn';
export { lockConversation } from './conversation-locks';
export { CUSTOMER_EVENT_TOPIC, handoffConversation } from './handoff-conversation';
export { normalizeInboundContent } from './normalize-inbound-content';
export { runBotTurn, type TurnOutcome } from './run-bot-turn';
export { createPublishedFlows, type PublishedFlow, type PublishedFlows } from '../flow-session/published-flows';
export { loadLiveSession, type StoredSession } from '../flow-session/flow-session-store';
export { MAX_FOLLOW_UPS, runFlowChain, type ChainSession, type FlowChainIo } from './flow-chain';
export { answerFlowAiStep, type FlowAiStepInput } from './agent-flow-step';
export { answerAgentMessage, type AgentMessageInput, type KnowledgeUse } from './answer-agent-message';
export { createHttpEffectPort } from './create-http-effect-port';
