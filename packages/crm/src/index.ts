// The CRM boundary: what core's mirror asks of a CRM, and what a CRM's webhooks mean for us.
export type {
  CrmAdapter,
  CrmAttachment,
  CrmConnectionInfo,
  CrmContactInput,
  CrmContactRef,
  CrmConversationStatus,
  CrmMessageStatus,
} from './crm-adapter';
export { CrmSyncError, isCrmSyncError, type CrmSyncErrorKind } from './crm-sync-error';
export { crmInboundEventSchema, type CrmInboundEvent } from './crm-inbound-event';
