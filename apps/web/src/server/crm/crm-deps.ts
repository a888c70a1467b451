import type { CrmDeps } from '@switchboard/core';
import { createSecretBox, DEV_ENCRYPTION_KEY } from '@switchboard/db';
import { getEnv } from '../../env';
import type { Db } from '../db';

/** What the CRM use-cases need in the dashboard (the same keyring as the api and worker). */
export function crmDeps(prisma: Db): CrmDeps {
  return { prisma, secretBox: createSecretBox(getEnv().ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY) };
}

/** The base URL Chatwoot posts webhooks to. */
export function publicApiUrl(): string {
  const env = getEnv();
  return env.PUBLIC_API_URL ?? env.APP_URL;
}
