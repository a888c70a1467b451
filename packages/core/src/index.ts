export { AppError, errorCodeTable, isAppError, type AppErrorCode, type AppErrorOptions } from './app-error';
export { canTransition, isTerminalStatus, statusesBefore } from './message/message-status';
export type { InboundDispatcher, OutboundDispatcher } from './ports/dispatchers';
export { parseOrThrow, zodIssuesToDetails } from './zod-issues';
export { requireAnyScope, type ApiKeyPrincipal } from './api-key/api-key-principal';
export {
  createApiKeyAuthenticator,
  type ApiKeyAuthenticator,
  type ApiKeyAuthenticatorOptions,
} from './api-key/authenticate-api-key';
export type { ChannelDeps } from './channel/channel-deps';
export {
  channelIdParamsSchema,
  channelListSchema,
  channelViewSchema,
  createChannelInputSchema,
  updateChannelInputSchema,
  type ChannelView,
  type CreateChannelInput,
  type UpdateChannelInput,
} from './channel/channel-schemas';
export { createChannel, type ChannelOrigin } from './channel/create-channel';
export { deleteChannel } from './channel/delete-channel';
export { getChannel } from './channel/get-channel';
export { listChannels } from './channel/list-channels';
export { updateChannel } from './channel/update-channel';
export { IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_TTL_MS, idempotencyKeySchema } from './idempotency/idempotency-policy';
export { pruneExpiredIdempotencyRecords } from './idempotency/prune-expired-idempotency-records';
export { canonicalJson, requestFingerprint } from './idempotency/request-fingerprint';
export { getMessage } from './message/get-message';
export {
  DEFAULT_PAGE_SIZE,
  listMessages,
  listMessagesQuerySchema,
  MAX_PAGE_SIZE,
  messagePageSchema,
  type ListMessagesQuery,
  type MessagePage,
} from './message/list-messages';
export { decodeMessageCursor, encodeMessageCursor, type MessageCursor } from './message/message-cursor';
export {
  messageErrorViewSchema,
  messageEventViewSchema,
  messageViewSchema,
  messageWithEventsViewSchema,
  type MessageView,
  type MessageWithEventsView,
} from './message/message-view';
export {
  OUTBOUND_SEND_TOPIC,
  sendMessage,
  type SendMessageDeps,
  type SendMessageRequest,
  type SendMessageResult,
} from './message/send-message';
export { createCoalescer, type CoalescerOptions } from './ports/create-coalescer';
export { isSqlRace, type SqlClient, type SqlPool, type SqlResult, type SqlStatement, type SqlTransactionPool } from './ports/sql-pool';
export {
  messageAcceptedSchema,
  messageMetadataSchema,
  messagePrioritySchema,
  sendMessageInputSchema,
  type MessageAccepted,
  type SendMessageInput,
} from './message/send-message-input';
export { isWindowOpen, requiresOpenWindow, WINDOW_EXEMPT_TYPES } from './window/customer-service-window';
export { classifySendFailure, type SendErrorInfo, type SendFailure } from './send/classify-send-failure';
export { createRetryPolicy, isPastGiveUp, planRetry, retryPolicyInputSchema, type RetryPlan, type RetryPolicy, type RetryPolicyInput } from './send/retry-policy';
export {
  createOutboundSender,
  type OutboundPacingPort,
  type OutboundSendDeps,
  type OutboundSendRequest,
  type OutboundSendResult,
  type SendOutboundMessage,
} from './send/send-outbound-message';
export { createChannelClientCache, type ChannelGraphFields, type GraphSettings } from './send/channel-client-cache';
export { transitionMessage, type MessageTransition } from './send/transition-message';
export * from './inbound/index';
export * from './bot/index';
export * from './webhook/index';
export {
  changeConversationOwner,
  resumeConversation,
  takeOverConversation,
  type OwnerChangeActor,
  type OwnerChangeInput,
  type OwnerChangeOutcome,
} from './bot/change-conversation-owner';
export {
  conversationIdParamsSchema,
  conversationOwnerChangeSchema,
  conversationOwnerResultSchema,
  conversationViewSchema,
  type ConversationOwnerChange,
  type ConversationOwnerResult,
  type ConversationView,
} from './conversation-owner/conversation-owner-schemas';
export { getConversation } from './conversation-owner/get-conversation';
export { setConversationOwner } from './conversation-owner/set-conversation-owner';
export {
  AGENT_TEXT_MAX,
  agentReplyContentSchema,
  agentReplyIdempotencyKey,
  agentReplyInputSchema,
  agentReplyResultSchema,
  buildTemplateContent,
  previewTemplateBody,
  replyTemplateListSchema,
  replyTemplateSchema,
  type AgentReplyContent,
  type AgentReplyInput,
  type AgentReplyResult,
  type ReplyTemplate,
  type ReplyTemplateList,
} from './conversation-owner/agent-reply-schemas';
export { listReplyTemplates, type ListReplyTemplatesDeps } from './conversation-owner/list-reply-templates';
export { replyAsAgent, type ReplyAsAgentRequest } from './conversation-owner/reply-as-agent';
export {
  conversationPageSchema,
  conversationSummarySchema,
  listConversations,
  listConversationsQuerySchema,
  type ConversationPage,
  type ListConversationsQuery,
} from './conversation-owner/list-conversations';
export {
  apiKeyViewSchema,
  createApiKeyInputSchema,
  createdApiKeySchema,
  rotateApiKeyInputSchema,
  type ApiKeyView,
  type CreateApiKeyInput,
  type CreatedApiKey,
  type RotateApiKeyInput,
} from './api-key-admin/api-key-admin-schemas';
export { createApiKey, listApiKeys, revokeApiKey, rotateApiKey, type KeyAdmin } from './api-key-admin/manage-api-keys';
export * from './crm/index';
export * from './ai/index';
export { analyticsFilterSchema, analyticsPeriodSchema, DEFAULT_ANALYTICS_DAYS, MAX_ANALYTICS_DAYS, resolveAnalyticsPeriod, type AnalyticsFilter, type AnalyticsPeriod } from './analytics/analytics-period';
export { messageAnalytics, messageAnalyticsSchema, type MessageAnalytics } from './analytics/message-analytics';
export { aiUsageAnalytics, aiUsageAnalyticsSchema, type AiUsageAnalytics } from './analytics/ai-usage-analytics';
export { DROP_OFF_REASONS, flowFunnel, flowFunnelSchema, funnelVersionSchema, listFunnelVersions, type FlowFunnel } from './analytics/flow-funnel';
export { auditLogPageSchema, auditLogQuerySchema, listAuditActions, listAuditLog, resolveAuditRange, type AuditLogPage, type AuditLogQuery } from './audit/list-audit-log';
