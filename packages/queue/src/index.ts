// Every queue's name, payload schema and options, shared by producers and consumers.
export * from './inbound-webhook-queue';
export { createQueueProducer, createQueueWorker, defineQueue, type QueueDefinition } from './define-queue';
export { maintenanceQueue, maintenanceTaskSchema, type MaintenanceTask } from './maintenance-queue';
export {
  OUTBOUND_LANES,
  outboundEntrySchema,
  outboundLaneSchema,
  type LeasedOutboundEntry,
  type OutboundEntry,
  type OutboundLane,
} from './outbound/outbound-entry';
export {
  createOutboundScheduler,
  type DequeueResult,
  type OutboundScheduler,
  type OutboundSchedulerOptions,
  type RecipientPacing,
  type SchedulerStats,
} from './outbound/outbound-scheduler';
export { createOutboundDispatcher, outboundDispatchSchema, type OutboundDispatch } from './outbound/create-outbound-dispatcher';
