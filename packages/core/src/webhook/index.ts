export {
  customerEventOutboxSchema,
  customerEventsForMove,
  messageMoveOutboxCte,
  recordCustomerEvent,
  type CustomerEventOutbox,
  type MessageMoveEvent,
  type ParsedCustomerEventOutbox,
} from './customer-event-outbox';
export { buildCustomerEventBodies, type BuiltCustomerEvent } from './build-customer-event-bodies';
export { fanOutCustomerEvents, type FanOutDeps, type FanOutResult } from './fan-out-customer-events';
export { claimDueDeliveries, nextDeliveryDueAt, type ClaimedDelivery } from './claim-due-deliveries';
export { disableEndpoint, recordDeliveryAttempt, type EndpointDisabledReason, type RecordedAttempt } from './record-delivery-attempt';
export { deliverClaimedWebhook, signingSecrets, type WebhookDeliveryDeps } from './deliver-claimed-webhook';
export { WEBHOOK_EVENT_RETENTION_MS, type WebhookDeps } from './webhook-deps';
export type { WebhookEndpointDeps } from './webhook-endpoint-deps';
export * from './webhook-endpoint-schemas';
export { checkEndpointUrl } from './check-endpoint-url';
export { createWebhookEndpoint } from './create-webhook-endpoint';
export { getWebhookEndpoint, listWebhookEndpoints } from './list-webhook-endpoints';
export { updateWebhookEndpoint } from './update-webhook-endpoint';
export { deleteWebhookEndpoint } from './delete-webhook-endpoint';
export { rotateWebhookSecret } from './rotate-webhook-secret';
export { replayWebhookEvent } from './replay-webhook-event';
export { replayWebhookEndpoint } from './replay-webhook-endpoint';
export { listWebhookEvents } from './list-webhook-events';
export { listWebhookDeliveries } from './list-webhook-deliveries';
export { pruneWebhookEvents } from './prune-webhook-events';
