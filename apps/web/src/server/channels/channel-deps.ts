import type { ChannelDeps } from '@switchboard/core';
import type { Env } from '../../env';
import { getEnv } from '../../env';
import type { Db } from '../db';
import { getSecretBox } from '../secret-box';

/** The URL to give Meta: the api's public URL (PUBLIC_API_URL, else the dashboard, which proxies it) + the webhook path — as the REST API reports it. */
export function metaWebhookUrl(env: Env): string {
  return `${(env.PUBLIC_API_URL ?? env.APP_URL).replace(/\/+$/, '')}/api/webhooks/whatsapp`;
}

/** The sandbox as this server reaches it. */
export function sandboxUrl(env: Env): string {
  return (env.SANDBOX_URL ?? env.SANDBOX_PUBLIC_URL).replace(/\/+$/, '');
}

/** What core's channel use-cases need in the dashboard: the same webhook URL the REST API shows. */
export function channelDeps(prisma: Db): ChannelDeps {
  return { prisma, secretBox: getSecretBox(), webhookUrl: metaWebhookUrl(getEnv()) };
}
