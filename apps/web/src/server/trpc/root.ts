import { createCallerFactory, router } from './init';
import { analyticsAiUsage } from './routers/analytics/ai-usage';
import { analyticsFunnel } from './routers/analytics/funnel';
import { analyticsMessages } from './routers/analytics/messages';
import { auditActions } from './routers/audit/actions';
import { listAuditLog } from './routers/audit/list';
import { changePassword } from './routers/account/change-password';
import { signUp } from './routers/account/sign-up';
import { channelConnectInfo } from './routers/channel/connect-info';
import { connectChannel } from './routers/channel/connect';
import { acceptInvite } from './routers/invite/accept';
import { createInvite } from './routers/invite/create';
import { listInvites } from './routers/invite/list';
import { previewInvite } from './routers/invite/preview';
import { revokeInvite } from './routers/invite/revoke';
import { inviteSignUp } from './routers/invite/sign-up';
import { listMembers } from './routers/member/list';
import { removeMember } from './routers/member/remove';
import { setMemberRole } from './routers/member/set-role';
import { createSandboxChannel } from './routers/onboarding/create-sandbox-channel';
import { renameWorkspace } from './routers/workspace/rename';
import { createApiKey } from './routers/api-key/create';
import { listApiKeys } from './routers/api-key/list';
import { revokeApiKey } from './routers/api-key/revoke';
import { rotateApiKey } from './routers/api-key/rotate';
import { deleteKnowledge } from './routers/ai/delete-knowledge';
import { getAgentSettings } from './routers/ai/get-agent';
import { getAiProvider } from './routers/ai/get-provider';
import { listKnowledge } from './routers/ai/list-knowledge';
import { saveAgentSettings } from './routers/ai/save-agent';
import { saveAiProvider } from './routers/ai/save-provider';
import { testAiProvider } from './routers/ai/test-provider';
import { uploadKnowledge } from './routers/ai/upload-knowledge';
import { agentTestTurn } from './routers/bot-test/agent-turn';
import { flowTestRun } from './routers/bot-test/flow-run';
import { flowTestRunReset } from './routers/bot-test/flow-run-reset';
import { flowTestRunSend } from './routers/bot-test/flow-run-send';
import { createBot } from './routers/bot/create';
import { listBots } from './routers/bot/list';
import { updateBot } from './routers/bot/update';
import { listChannels } from './routers/channel/list';
import { getMessage } from './routers/message/get';
import { listMessages } from './routers/message/list';
import { configureChatwoot } from './routers/crm/configure';
import { crmDeadLetters } from './routers/crm/dead-letters';
import { chatwootSettings } from './routers/crm/settings';
import { testChatwootConnection } from './routers/crm/test-connection';
import { listConversations } from './routers/conversation/list';
import { replyToConversation } from './routers/conversation/reply';
import { setConversationOwner } from './routers/conversation/set-owner';
import { conversationTemplates } from './routers/conversation/templates';
import { conversationTranscript } from './routers/conversation/transcript';
import { createFlow } from './routers/flow/create';
import { exportFlow } from './routers/flow/export';
import { getFlow } from './routers/flow/get';
import { importFlow } from './routers/flow/import';
import { listFlows } from './routers/flow/list';
import { publishFlow } from './routers/flow/publish';
import { restoreFlowVersion } from './routers/flow/restore-version';
import { saveFlowDraft } from './routers/flow/save-draft';
import { listFlowVersions } from './routers/flow/versions';
import { listWorkspaces } from './routers/workspace/list';
import { workspaceOverview } from './routers/workspace/overview';
import { selectWorkspace } from './routers/workspace/select';
import { createWebhookEndpoint } from './routers/webhook/create';
import { deleteWebhookEndpoint } from './routers/webhook/delete';
import { listWebhookDeliveries } from './routers/webhook/deliveries';
import { listWebhookEndpoints } from './routers/webhook/list';
import { replayWebhookEndpoint } from './routers/webhook/replay-endpoint';
import { replayWebhookEvent } from './routers/webhook/replay-event';
import { rotateWebhookSecret } from './routers/webhook/rotate-secret';
import { updateWebhookEndpoint } from './routers/webhook/update';

/** The dashboard's API: composition only; each procedure lives in its own file. */
export const appRouter = router({
  account: router({ signUp, changePassword }),
  workspace: router({ list: listWorkspaces, overview: workspaceOverview, select: selectWorkspace, rename: renameWorkspace }),
  member: router({ list: listMembers, setRole: setMemberRole, remove: removeMember }),
  invite: router({ create: createInvite, list: listInvites, revoke: revokeInvite, preview: previewInvite, accept: acceptInvite, signUp: inviteSignUp }),
  onboarding: router({ createSandboxChannel }),
  channel: router({ list: listChannels, connectInfo: channelConnectInfo, connect: connectChannel }),
  bot: router({ list: listBots, create: createBot, update: updateBot }),
  botTest: router({ flowRun: flowTestRun, flowRunSend: flowTestRunSend, flowRunReset: flowTestRunReset, agentTurn: agentTestTurn }),
  message: router({ list: listMessages, get: getMessage }),
  apiKey: router({ list: listApiKeys, create: createApiKey, rotate: rotateApiKey, revoke: revokeApiKey }),
  crm: router({ settings: chatwootSettings, configure: configureChatwoot, testConnection: testChatwootConnection, deadLetters: crmDeadLetters }),
  conversation: router({
    list: listConversations,
    transcript: conversationTranscript,
    setOwner: setConversationOwner,
    reply: replyToConversation,
    templates: conversationTemplates,
  }),
  flow: router({
    list: listFlows,
    get: getFlow,
    create: createFlow,
    import: importFlow,
    export: exportFlow,
    saveDraft: saveFlowDraft,
    publish: publishFlow,
    versions: listFlowVersions,
    restoreVersion: restoreFlowVersion,
  }),
  ai: router({
    provider: router({ get: getAiProvider, save: saveAiProvider, test: testAiProvider }),
    agent: router({ get: getAgentSettings, save: saveAgentSettings }),
    knowledge: router({ list: listKnowledge, upload: uploadKnowledge, delete: deleteKnowledge }),
  }),
  analytics: router({ messages: analyticsMessages, aiUsage: analyticsAiUsage, funnel: analyticsFunnel }),
  audit: router({ list: listAuditLog, actions: auditActions }),
  webhook: router({
    list: listWebhookEndpoints,
    create: createWebhookEndpoint,
    update: updateWebhookEndpoint,
    delete: deleteWebhookEndpoint,
    rotateSecret: rotateWebhookSecret,
    deliveries: listWebhookDeliveries,
    replayEvent: replayWebhookEvent,
    replayEndpoint: replayWebhookEndpoint,
  }),
});

export type AppRouter = typeof appRouter;

/** Server-side caller (server components, tests): `createCaller(createInnerContext(...))`. */
export const createCaller = createCallerFactory(appRouter);
