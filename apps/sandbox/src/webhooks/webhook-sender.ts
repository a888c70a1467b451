import { escapeUnicode, signPayload } from '@switchboard/whatsapp';
import type { Logger } from '@switchboard/observability';
import type { Counter } from '@switchboard/observability';

/** Where and how to deliver: read fresh for every attempt, so retries follow a changed URL or secret. */
export interface WebhookTarget {
  url: string;
  appSecret: string;
}

export interface DeliveryResult {
  status_code: number | null;
  ok: boolean;
  error?: string;
}

export interface WebhookSenderOptions {
  timeoutMs: number;
  /** Delay before each retry; its length is the number of retries. */
  retryScheduleMs: number[];
  /** Retries waiting at once; past this the newest failure is given up on (and counted). */
  maxPendingRetries?: number;
  logger: Logger;
  deliveries: Counter<'outcome'>;
}

/** Counters the control API reports under `GET /_sandbox/stats`. */
export interface WebhookStats {
  delivered: number;
  failed_attempts: number;
  retried: number;
  gave_up: number;
  pending_retries: number;
}

/** Renders a payload the way Meta does: compact JSON with every non-ASCII character as `\uXXXX`. */
export function renderWebhookBody(payload: unknown): string {
  return escapeUnicode(JSON.stringify(payload));
}

/**
 * Delivers signed webhooks (X-Hub-Signature-256 over exactly the bytes sent) and retries
 * failures on a short in-memory schedule; Meta retries for up to 7 days, which a sandbox cannot keep.
 */
export class WebhookSender {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;
  readonly stats: WebhookStats = { delivered: 0, failed_attempts: 0, retried: 0, gave_up: 0, pending_retries: 0 };

  constructor(private readonly options: WebhookSenderOptions) {}

  /**
   * Sends once and, when that fails, keeps retrying in the background. `target()` is asked again
   * before every attempt; returning null (the number lost its webhook) stops the retries.
   * `onDelivered` runs once an attempt (first or retry) gets a 2xx.
   */
  async deliver(target: () => WebhookTarget | null, payload: unknown, onDelivered?: () => void): Promise<DeliveryResult> {
    const body = renderWebhookBody(payload);
    const result = await this.attempt(target, body);
    if (result.ok) onDelivered?.();
    else this.scheduleRetry(target, body, 0, onDelivered);
    return result;
  }

  private async attempt(target: () => WebhookTarget | null, body: string): Promise<DeliveryResult> {
    const t = target();
    if (t === null) return { status_code: null, ok: false, error: 'no webhook_url registered for this number' };
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'facebookexternalua',
          'x-hub-signature-256': signPayload(body, t.appSecret),
        },
        body,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      this.count(ok);
      return ok ? { status_code: response.status, ok } : { status_code: response.status, ok, error: `HTTP ${response.status}` };
    } catch (error) {
      this.count(false);
      const message = controller.signal.aborted ? `timed out after ${this.options.timeoutMs} ms` : describe(error);
      return { status_code: null, ok: false, error: message };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }

  private scheduleRetry(target: () => WebhookTarget | null, body: string, retryIndex: number, onDelivered?: () => void): void {
    const delay = this.options.retryScheduleMs[retryIndex];
    const maxPending = this.options.maxPendingRetries ?? 10_000;
    if (this.closed || delay === undefined || this.stats.pending_retries >= maxPending || target() === null) {
      this.stats.gave_up += 1;
      this.options.deliveries.inc({ outcome: 'gave_up' });
      return;
    }
    this.stats.pending_retries += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.stats.pending_retries -= 1;
      this.stats.retried += 1;
      void this.attempt(target, body).then((result) => {
        if (result.ok) onDelivered?.();
        else this.scheduleRetry(target, body, retryIndex + 1, onDelivered);
      });
    }, delay);
    this.timers.add(timer);
  }

  private count(ok: boolean): void {
    if (ok) this.stats.delivered += 1;
    else this.stats.failed_attempts += 1;
    this.options.deliveries.inc({ outcome: ok ? 'delivered' : 'failed' });
    if (!ok) this.options.logger.debug('webhook delivery attempt failed');
  }

  /** Stops retrying and aborts deliveries in flight. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.stats.pending_retries = 0;
    for (const controller of this.inFlight) controller.abort();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
