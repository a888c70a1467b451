import type { PrismaClient, SecretBox } from '@switchboard/db';
import type { SafeFetch } from '@switchboard/safe-http';
import {
  attemptWebhookDelivery,
  planWebhookRetry,
  type WebhookAttemptOutcome,
  type WebhookRetryPlan,
  type WebhookRetryPolicy,
} from '@switchboard/webhooks';
import type { ClaimedDelivery } from './claim-due-deliveries';
import { recordDeliveryAttempt, type RecordedAttempt } from './record-delivery-attempt';
import { nowOf } from './webhook-deps';

/** What delivering needs: the database, the secret box, an SSRF-safe fetch and the retry policy. */
export interface WebhookDeliveryDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  fetch: SafeFetch;
  policy: WebhookRetryPolicy;
  /** Per-attempt timeout (10 s by default in the worker). */
  timeoutMs: number;
  clock?: () => Date;
}

/** The secrets to sign with now: the current one, plus the previous one during its grace period. */
export function signingSecrets(secretBox: SecretBox, delivery: Pick<ClaimedDelivery, 'secretEnc' | 'previousSecretEnc' | 'previousSecretExpiresAt'>, now: Date): string[] {
  const secrets = [secretBox.decrypt(delivery.secretEnc)];
  if (delivery.previousSecretEnc && delivery.previousSecretExpiresAt && delivery.previousSecretExpiresAt.getTime() > now.getTime()) {
    secrets.push(secretBox.decrypt(delivery.previousSecretEnc));
  }
  return secrets;
}

/**
 * Makes one attempt of a leased delivery and records it: the stored body is sent byte for byte,
 * signed for this attempt's timestamp with the same `webhook-id` (the event id) every time.
 */
export async function deliverClaimedWebhook(
  deps: WebhookDeliveryDeps,
  delivery: ClaimedDelivery,
): Promise<RecordedAttempt & { outcome: WebhookAttemptOutcome }> {
  const started = nowOf(deps);
  let outcome: WebhookAttemptOutcome;
  let plan: WebhookRetryPlan | null = null;
  try {
    const body = deps.secretBox.decrypt(delivery.payloadEnc);
    const secrets = signingSecrets(deps.secretBox, delivery, started);
    outcome = await attemptWebhookDelivery(deps.fetch, { url: delivery.url, eventId: delivery.eventId, body, secrets, now: started, timeoutMs: deps.timeoutMs });
  } catch (error) {
    // attemptWebhookDelivery itself never throws: this is a payload or secret we cannot read (a key
    // missing from the keyring), which no retry within the window can fix.
    outcome = { ok: false, statusCode: null, latencyMs: 0, responseExcerpt: null, error: `cannot prepare delivery: ${(error as Error).message}`, retryAfterMs: undefined, gone: false, refused: false };
    plan = { kind: 'give_up', reason: 'window_elapsed' };
  }
  const finished = nowOf(deps);
  if (!outcome.ok && !outcome.gone && plan === null) {
    const giveUpAt = delivery.giveUpAt ?? new Date(started.getTime() + deps.policy.giveUpAfterMs);
    plan = planWebhookRetry(deps.policy, { attemptsMade: delivery.attempt, now: finished, giveUpAt, ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }) });
  }
  const recorded = await recordDeliveryAttempt(deps.prisma, { delivery, outcome, plan, now: finished, disableAfterMs: deps.policy.disableAfterMs });
  return { ...recorded, outcome };
}
