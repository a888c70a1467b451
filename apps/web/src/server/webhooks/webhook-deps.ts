import type { WebhookEndpointDeps } from '@switchboard/core';
import { createSecretBox, DEV_ENCRYPTION_KEY } from '@switchboard/db';
import { getEnv } from '../../env';
import type { Db } from '../db';

/** What the customer-webhook use-cases need in the dashboard: the same URL rules and grace period as the api. */
export function webhookDeps(prisma: Db): WebhookEndpointDeps {
  const env = getEnv();
  return {
    prisma,
    secretBox: createSecretBox(env.ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY),
    secretGraceMs: env.WEBHOOK_SECRET_GRACE_MS,
    urlPolicy: { allowHttp: env.WEBHOOK_ALLOW_HTTP === undefined ? env.NODE_ENV === 'development' : env.WEBHOOK_ALLOW_HTTP === 'true' },
  };
}
