import type { CrmAdapter } from '@switchboard/crm';
import type { PrismaClient, SecretBox } from '@switchboard/db';
import type { CrmMediaFetcher } from './crm-media';
import type { ChatwootConfig, ChatwootSecrets } from './crm-settings';
import type { ReconcileOptions } from './reconcile-crm';

/** A workspace's enabled Chatwoot integration, decrypted. */
export interface CrmIntegration {
  id: string;
  workspaceId: string;
  /** Messages from before the integration was set up are not mirrored. */
  since: Date;
  config: ChatwootConfig;
  secrets: ChatwootSecrets;
}

/** What the CRM use-cases need; `adapterFor` is injectable so tests can count or break calls. */
export interface CrmDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  clock?: () => Date;
  /** Builds the adapter for an integration; by default the Chatwoot adapter over global fetch. */
  adapterFor?: (integration: CrmIntegration) => CrmAdapter;
  /** Fetches inbound WhatsApp media to upload to the CRM; without it media are described as text. */
  fetchMedia?: CrmMediaFetcher;
  /** How the reconcile task looks for drift. */
  reconcile?: ReconcileOptions;
}

export const nowOf = (deps: { clock?: () => Date }): Date => (deps.clock ?? (() => new Date()))();
