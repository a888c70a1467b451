// Public surface of inbound webhook handling (api route, worker processor) and
// of the contact and conversation use-cases it drives.
export { createChannelDirectory, type ChannelDirectory, type ChannelDirectoryOptions, type RoutedChannel } from './channel-directory';
export { extractWebhookRoutes, type WebhookRoutes } from './webhook-routes';
export {
  routeMetaWebhook,
  type RoutingDecision,
  type UnknownNumber,
  type WebhookRequestParts,
  type WebhookTarget,
} from './route-meta-webhook';
export {
  createMetaWebhookReceiver,
  type MetaWebhookReceiver,
  type MetaWebhookReceiverDeps,
  type ReceiveOutcome,
} from './receive-meta-webhook';
export { verifyMetaSubscription } from './verify-meta-subscription';
export {
  processInboundWebhook,
  sweepInboundWebhooks,
  type InboundProcessorDeps,
  type ProcessResult,
  type ProcessStatus,
} from './process-inbound-webhook';
export { applyInboundMessage, type InboundMessageOutcome } from './apply-inbound-message';
export { applyStatusEvent, type StatusOutcome } from './apply-status-event';
export {
  ignoreInboundMessage,
  type InboundInputPlan,
  type OneStatementInboundHook,
  type OnInboundMessage,
  type RecordedInboundInput,
  type StoredInboundMessage,
} from './on-inbound-message';

export { storeInboundMessage, type StoreInboundMessageInput, type StoreInboundMessageResult } from './store-inbound-message';
export { storeInboundStatus, type StoreInboundStatusInput, type StoreInboundStatusResult } from './store-inbound-status';
export { newRowId } from './new-row-id';
export { upsertContact, type ContactIdentityInput, type UpsertedContact } from '../contact/upsert-contact';
export {
  CUSTOMER_SERVICE_WINDOW_MS,
  recordInboundActivity,
  type ConversationState,
  type InboundActivity,
} from '../conversation/record-inbound-activity';
