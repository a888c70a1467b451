import { createChatwootAdapter } from '@switchboard/chatwoot';
import type { CrmAdapter } from '@switchboard/crm';
import type { Integration, Prisma, PrismaClient } from '@switchboard/db';
import { AppError } from '../app-error';
import type { CrmDeps, CrmIntegration } from './crm-deps';
import { chatwootConfigSchema, chatwootSecretsSchema } from './crm-settings';

/** Decrypts and validates a stored Chatwoot integration row; a corrupt row is a clear error, not a crash later. */
export function decodeCrmIntegration(deps: Pick<CrmDeps, 'secretBox'>, row: Pick<Integration, 'id' | 'workspaceId' | 'config' | 'secretsEnc' | 'createdAt'>): CrmIntegration {
  const config = chatwootConfigSchema.safeParse(row.config);
  const secrets = row.secretsEnc ? chatwootSecretsSchema.safeParse(deps.secretBox.decryptJson(row.secretsEnc)) : null;
  if (!config.success || !secrets?.success) throw new AppError('unprocessable', `Chatwoot integration ${row.id} has invalid settings; set it up again`);
  return { id: row.id, workspaceId: row.workspaceId, since: row.createdAt, config: config.data, secrets: secrets.data };
}

/** The workspace's enabled Chatwoot integration, or null. */
export async function loadCrmIntegration(deps: CrmDeps, workspaceId: string, db: PrismaClient | Prisma.TransactionClient = deps.prisma): Promise<CrmIntegration | null> {
  const row = await db.integration.findUnique({ where: { workspaceId_kind: { workspaceId, kind: 'chatwoot' } } });
  if (!row?.enabled) return null;
  return decodeCrmIntegration(deps, row);
}

/** The adapter that talks to this integration's CRM. */
export function adapterOf(deps: CrmDeps, integration: CrmIntegration): CrmAdapter {
  if (deps.adapterFor) return deps.adapterFor(integration);
  return createChatwootAdapter({
    baseUrl: integration.config.baseUrl,
    accountId: integration.config.accountId,
    accessToken: integration.secrets.accessToken,
    inboxId: integration.config.inboxId,
  });
}
