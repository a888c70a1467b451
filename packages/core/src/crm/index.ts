export { chatwootWebhookPath, configureChatwoot, crmSetupError, getChatwootIntegration, testCrmConnection, toChatwootIntegrationView, type CrmConnectionTest } from './configure-chatwoot';
export { listCrmDeadLetters, recordCrmDeadLetter, resolveCrmDeadLetter, type CrmDeadLetterView } from './crm-dead-letters';
export type { CrmDeps, CrmIntegration } from './crm-deps';
export {
  chatwootConfigSchema,
  chatwootIntegrationViewSchema,
  chatwootSecretsSchema,
  configureChatwootInputSchema,
  crmConnectionTestSchema,
  crmDeadLetterViewSchema,
  type ChatwootConfig,
  type ChatwootIntegrationView,
  type ChatwootSecrets,
  type ConfigureChatwootInput,
} from './crm-settings';
export { crmSyncTaskId, crmSyncTaskLocalId, crmSyncTaskSchema, type CrmSyncTask } from './crm-sync-task';
export { handleChatwootWebhook, type ChatwootWebhookDeps, type ChatwootWebhookRequest, type ChatwootWebhookResult } from './handle-chatwoot-webhook';
export { adapterOf, decodeCrmIntegration, loadCrmIntegration } from './load-crm-integration';
export { CrmBusyError, isCrmBusyError, waitForCrmObject } from './crm-locks';
export { crmContactIdentity } from './mirror-conversation';
export { readCrmFeed, tasksFor, type CrmFeedResult, type ScheduledCrmTask } from './read-crm-feed';
export { reconcileCrm, type ReconcileOptions, type ReconcileResult } from './reconcile-crm';
export { renderMessageText } from './render-message-text';
export { runCrmSyncTask, type CrmTaskOutcome } from './run-crm-sync-task';
export { setOwnerFromCrm, type CrmOwnerReason } from './set-owner-from-crm';
export { createCrmMediaFetcher, CRM_MEDIA_TYPES, CrmMediaError, type CrmMediaFetcher } from './crm-media';
