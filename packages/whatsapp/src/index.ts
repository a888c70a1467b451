// Outgoing message schemas (Meta's limits, checked before sending).
export {
  buildOutgoingMessageSchema,
  outgoingContentSchema,
  outgoingEnvelopeShape,
  outgoingMessageSchema,
  outgoingMessageTypes,
  recipientPhoneSchema,
  recipientUserIdSchema,
  type OutgoingContent,
  type OutgoingMessage,
  type OutgoingMessageInput,
  type OutgoingMessageType,
} from './outgoing/outgoing-message';
export { textContentSchema, type TextContent } from './outgoing/text-content';
export { templateContentSchema, type TemplateComponent, type TemplateContent } from './outgoing/template-content';
export {
  interactiveButtonSchema,
  interactiveContentSchema,
  interactiveListSchema,
  type InteractiveButtonContent,
  type InteractiveContent,
  type InteractiveListContent,
} from './outgoing/interactive-content';
export {
  audioContentSchema,
  documentContentSchema,
  documentRefSchema,
  imageContentSchema,
  mediaRefSchema,
  stickerContentSchema,
  videoContentSchema,
  type AudioContent,
  type DocumentContent,
  type ImageContent,
  type MediaRef,
  type StickerContent,
  type VideoContent,
} from './outgoing/media-content';
export { locationContentSchema, type LocationContent } from './outgoing/location-content';
export { reactionContentSchema, type ReactionContent } from './outgoing/reaction-content';
export { contactsContentSchema, type ContactCard, type ContactsContent } from './outgoing/contacts-content';
export { markReadRequestSchema, type MarkReadRequest } from './outgoing/mark-read-request';
export { charLength } from './outgoing/text-limits';
export { MessageValidationError, toValidationIssues, type ValidationIssue } from './outgoing/message-validation-error';

// Cloud API client and errors.
export {
  createWhatsAppClient,
  type CallOptions,
  type DownloadOptions,
  type ListTemplatesOptions,
  type MediaInfo,
  type MessageTemplatePage,
  type PhoneNumberInfo,
  type SendMessageResult,
  type WhatsAppClient,
  type WhatsAppClientConfig,
} from './graph/whatsapp-client';
export {
  messageTemplateComponentSchema,
  messageTemplateSchema,
  templatePlaceholders,
  type MessageTemplate,
  type MessageTemplateComponent,
} from './graph/message-template';
export { GraphApiError, GraphTransportError, isGraphError, type GraphTransportFailure } from './graph/graph-api-error';
export {
  classifyGraphError,
  type ClassifyGraphErrorInput,
  type GraphErrorClassification,
} from './graph/classify-graph-error';
export {
  describeGraphErrorCode,
  graphErrorCodes,
  lookupGraphErrorCode,
  type GraphErrorCodeInfo,
  type GraphErrorPolicy,
} from './graph/graph-error-codes';
export { toGraphApiError } from './graph/graph-request';

// Inbound webhooks.
export { verifySubscription, type SubscriptionQuery } from './inbound/verify-subscription';
export { signPayload, verifySignature } from './inbound/verify-signature';
export { escapeUnicode } from './inbound/escape-unicode';
export { parseWebhook } from './inbound/parse-webhook';
export {
  messageStatuses,
  type ContactIdentity,
  type ErrorEvent,
  type IgnoredItem,
  type InboundMedia,
  type InboundMessageContext,
  type InboundReferral,
  type MessageContent,
  type MessageEvent,
  type MessageStatusValue,
  type NormalizedEvent,
  type ParsedWebhook,
  type SharedContact,
  type StatusEvent,
  type WebhookErrorDetail,
  type WebhookRoute,
} from './inbound/normalized-event';
