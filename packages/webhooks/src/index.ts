export {
  conversationDataSchema,
  endpointWants,
  messageErrorSchema,
  messageReceivedDataSchema,
  messageStatusDataSchema,
  WEBHOOK_EVENT_TYPES,
  webhookEventBodySchema,
  webhookEventTypeSchema,
  type ConversationData,
  type MessageReceivedData,
  type MessageStatusData,
  type WebhookEventBody,
  type WebhookEventType,
} from './webhook-event-schemas';
export { decodeWebhookSecret, generateWebhookSecret, WEBHOOK_SECRET_PREFIX } from './webhook-secret';
export { computeWebhookSignature, signWebhook, type WebhookSignatureHeaders } from './sign-webhook';
export {
  createWebhookRetryPolicy,
  DEFAULT_WEBHOOK_DISABLE_AFTER_MS,
  DEFAULT_WEBHOOK_GIVE_UP_AFTER_MS,
  DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS,
  parseRetryAfter,
  planWebhookRetry,
  webhookRetryPolicyInputSchema,
  type WebhookRetryPlan,
  type WebhookRetryPolicy,
  type WebhookRetryPolicyInput,
} from './webhook-retry-policy';
export {
  attemptWebhookDelivery,
  RESPONSE_EXCERPT_MAX_CHARS,
  type WebhookAttemptOutcome,
  type WebhookAttemptRequest,
} from './attempt-webhook-delivery';
