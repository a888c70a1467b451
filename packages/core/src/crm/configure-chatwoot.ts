import { isCrmSyncError } from '@switchboard/crm';
import type { Prisma } from '@switchboard/db';
import { AppError } from '../app-error';
import { newRowId } from '../inbound/new-row-id';
import { parseOrThrow } from '../zod-issues';
import type { CrmDeps } from './crm-deps';
import { adapterOf, decodeCrmIntegration } from './load-crm-integration';
import { chatwootConfigSchema, chatwootSecretsSchema, configureChatwootInputSchema, type ChatwootConfig, type ChatwootIntegrationView, type ChatwootSecrets } from './crm-settings';

/** The path Chatwoot posts webhooks to for one integration (served by apps/api). */
export function chatwootWebhookPath(integrationId: string): string {
  return `/api/integrations/chatwoot/${integrationId}/webhook`;
}

/**
 * Sets up (or changes) the workspace's Chatwoot integration: validates the settings, stores the token
 * and webhook secret encrypted, and creates an API-channel inbox pointing at our webhook URL when asked
 * (first: when Chatwoot refuses, nothing is stored or changed).
 * `publicApiUrl` is the api's public base URL, used for the webhook URL shown and given to Chatwoot.
 */
export async function configureChatwoot(deps: CrmDeps, request: { workspaceId: string; input: unknown; publicApiUrl: string }): Promise<ChatwootIntegrationView> {
  const input = parseOrThrow(configureChatwootInputSchema, request.input);
  const existing = await deps.prisma.integration.findUnique({ where: { workspaceId_kind: { workspaceId: request.workspaceId, kind: 'chatwoot' } } });
  const previous = existing?.secretsEnc ? chatwootSecretsSchema.safeParse(deps.secretBox.decryptJson(existing.secretsEnc)).data : undefined;
  const accessToken = input.access_token ?? previous?.accessToken;
  if (!accessToken) throw new AppError('validation_failed', 'access_token is required', { details: [{ field: 'access_token', message: 'required when setting up Chatwoot' }] });
  const secrets: ChatwootSecrets = { accessToken, webhookSecret: input.webhook_secret === undefined ? (previous?.webhookSecret ?? null) : input.webhook_secret };
  const previousConfig = existing ? chatwootConfigSchema.safeParse(existing.config).data : undefined;
  const sameAccount = previousConfig?.baseUrl === input.base_url && previousConfig.accountId === input.account_id;
  const config: ChatwootConfig = {
    baseUrl: input.base_url,
    accountId: input.account_id,
    inboxId: input.inbox_id ?? (sameAccount ? previousConfig.inboxId : null),
    autoResumeMinutes: input.auto_resume_minutes,
  };
  // The row id is chosen first so the inbox (whose webhook URL names it) is created before anything is
  // stored: a refused token or an unreachable Chatwoot leaves the stored settings as they were.
  const id = existing?.id ?? newRowId();
  const webhookUrl = `${request.publicApiUrl.replace(/\/+$/, '')}${chatwootWebhookPath(id)}`;
  if (input.create_inbox) {
    const adapter = adapterOf(deps, { id, workspaceId: request.workspaceId, since: existing?.createdAt ?? new Date(), config, secrets });
    try {
      const { inboxId } = await adapter.createInbox(input.create_inbox.name, webhookUrl);
      config.inboxId = Number(inboxId);
    } catch (error) {
      throw crmSetupError(error, 'Could not create the Chatwoot inbox');
    }
  }
  const data = { config: config as unknown as Prisma.InputJsonObject, secretsEnc: deps.secretBox.encryptJson(secrets), enabled: input.enabled };
  const row = await deps.prisma.integration.upsert({
    where: { workspaceId_kind: { workspaceId: request.workspaceId, kind: 'chatwoot' } },
    create: { id, workspaceId: request.workspaceId, kind: 'chatwoot', ...data },
    update: data,
  });
  return toChatwootIntegrationView(deps, row, webhookUrl);
}

/** The public view of a stored integration row. */
export function toChatwootIntegrationView(deps: Pick<CrmDeps, 'secretBox'>, row: Parameters<typeof decodeCrmIntegration>[1] & { enabled: boolean }, webhookUrl: string): ChatwootIntegrationView {
  const integration = decodeCrmIntegration(deps, row);
  return {
    id: row.id,
    base_url: integration.config.baseUrl,
    account_id: integration.config.accountId,
    inbox_id: integration.config.inboxId,
    auto_resume_minutes: integration.config.autoResumeMinutes,
    enabled: row.enabled,
    has_webhook_secret: integration.secrets.webhookSecret !== null,
    webhook_url: webhookUrl,
  };
}

/** Chatwoot's answer to a set-up call as an AppError the dashboard can show. */
export function crmSetupError(error: unknown, what: string): AppError {
  if (!isCrmSyncError(error)) return new AppError('internal', `${what}`, { cause: error });
  if (error.kind === 'unauthorized') return new AppError('unprocessable', `${what}: Chatwoot refused the access token`, { cause: error });
  if (error.retryable) return new AppError('service_unavailable', `${what}: Chatwoot is unreachable or busy (${error.message})`, { cause: error, retryAfterSeconds: 30 });
  return new AppError('unprocessable', `${what}: ${error.message}`, { cause: error });
}

/** What the test-connection button reports. */
export interface CrmConnectionTest {
  ok: boolean;
  /** Why it is not ok, in words for the dashboard. */
  problem: string | null;
  inbox: { id: string; name: string; is_api_channel: boolean } | null;
}

/**
 * Tries the stored settings against Chatwoot: the token and account (listing inboxes) and the inbox
 * (exists, and is an API channel, the only kind that accepts `incoming` messages).
 */
export async function testCrmConnection(deps: CrmDeps, workspaceId: string): Promise<CrmConnectionTest> {
  const row = await deps.prisma.integration.findUnique({ where: { workspaceId_kind: { workspaceId, kind: 'chatwoot' } } });
  if (!row) throw new AppError('not_found', 'Chatwoot is not set up for this workspace');
  const integration = decodeCrmIntegration(deps, row);
  try {
    const info = await adapterOf(deps, integration).testConnection();
    const inbox = info.inbox ? { id: info.inbox.id, name: info.inbox.name, is_api_channel: info.inbox.isApiChannel } : null;
    if (integration.config.inboxId === null) return { ok: false, problem: 'No inbox is chosen: give inbox_id or ask us to create one', inbox };
    if (!inbox) return { ok: false, problem: `Inbox ${integration.config.inboxId} does not exist in account ${integration.config.accountId}`, inbox };
    if (!inbox.is_api_channel) return { ok: false, problem: `Inbox ${inbox.id} is not an API channel inbox`, inbox };
    return { ok: true, problem: null, inbox };
  } catch (error) {
    return { ok: false, problem: crmSetupError(error, 'Chatwoot did not answer as expected').message, inbox: null };
  }
}

/** The workspace's Chatwoot settings as the dashboard shows them (no secrets), or null when not set up. */
export async function getChatwootIntegration(deps: Pick<CrmDeps, 'prisma' | 'secretBox'>, workspaceId: string, publicApiUrl: string): Promise<ChatwootIntegrationView | null> {
  const row = await deps.prisma.integration.findUnique({ where: { workspaceId_kind: { workspaceId, kind: 'chatwoot' } } });
  if (!row) return null;
  return toChatwootIntegrationView(deps, row, `${publicApiUrl.replace(/\/+$/, '')}${chatwootWebhookPath(row.id)}`);
}
