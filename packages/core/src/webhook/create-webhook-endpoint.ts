import { generateWebhookSecret } from '@switchboard/webhooks';
import { AppError } from '../app-error';
import { checkEndpointUrl } from './check-endpoint-url';
import { toWebhookEndpointView } from './to-webhook-endpoint-view';
import type { WebhookEndpointDeps } from './webhook-endpoint-deps';
import type { CreateWebhookEndpointInput, WebhookEndpointWithSecret } from './webhook-endpoint-schemas';
import { nowOf } from './webhook-deps';

/** Creates an endpoint with a new `whsec_` secret, which the answer shows this one time. */
export async function createWebhookEndpoint(
  deps: WebhookEndpointDeps,
  workspaceId: string,
  input: CreateWebhookEndpointInput,
): Promise<WebhookEndpointWithSecret> {
  const url = await checkEndpointUrl(input.url, deps.urlPolicy);
  const max = deps.maxEndpointsPerWorkspace ?? 20;
  if ((await deps.prisma.webhookEndpoint.count({ where: { workspaceId } })) >= max) {
    throw new AppError('unprocessable', `A workspace can have at most ${max} webhook endpoints`);
  }
  const secret = generateWebhookSecret();
  const now = nowOf(deps);
  const row = await deps.prisma.webhookEndpoint.create({
    data: {
      workspaceId,
      url,
      description: input.description ?? null,
      eventTypes: [...new Set(input.event_types)],
      enabled: input.enabled,
      ...(input.enabled ? {} : { disabledAt: now, disabledReason: 'by_user' }),
      secretEnc: deps.secretBox.encrypt(secret),
    },
  });
  return { ...toWebhookEndpointView(row, now), secret };
}
