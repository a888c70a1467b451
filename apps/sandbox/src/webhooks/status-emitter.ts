import type { Logger } from '@switchboard/observability';
import type { SandboxState } from '../state/sandbox-state';
import type { MessageStatus } from '../state/conversation-store';
import type { PricingInfo } from './conversation-pricing';
import { unixSeconds, webhookEnvelope } from './webhook-envelope';
import type { WebhookSender } from './webhook-sender';

/** What the emitter needs to know about an accepted send. */
export interface AcceptedSend {
  phone_number_id: string;
  wamid: string;
  wa_id: string;
  user_id?: string;
  biz_opaque_callback_data?: string;
  auto_read: boolean;
  pricing: PricingInfo;
  /** Origin type of the conversation: `service` or the template category. */
  origin: string;
  conversation: { id: string; expiresAt: number; isNew: boolean };
  /** When set, the message fails (after the `sent` delay) instead of being delivered. */
  failure?: { code: number; title: string; message: string; details: string };
}

const MAX_PENDING = 100_000;

export interface StatusStats {
  emitted: number;
  dropped: number;
  duplicated: number;
  reordered_batches: number;
}

/**
 * Plays a message's life after it was accepted: `sent` → `delivered` → `read` status webhooks at
 * the number's delays, or `failed`. Webhook faults (drop, duplicate, reorder) apply here.
 */
export class StatusEmitter {
  private readonly pending = new Map<string, { send: AcceptedSend; timers: NodeJS.Timeout[] }>();
  private readonly reorderBuffers = new Map<string, { payloads: unknown[]; timer: NodeJS.Timeout }>();
  readonly stats: StatusStats = { emitted: 0, dropped: 0, duplicated: 0, reordered_batches: 0 };

  constructor(
    private readonly state: SandboxState,
    private readonly sender: WebhookSender,
    private readonly logger: Logger,
  ) {}

  /** Schedules the statuses of an accepted send. */
  schedule(send: AcceptedSend): void {
    const number = this.state.numbers.get(send.phone_number_id);
    if (number === undefined) return;
    const delays = number.status_delays_ms;
    const sentAt = delays.sent;
    const deliveredAt = Math.max(sentAt, delays.delivered);
    const steps: [number, MessageStatus][] = send.failure
      ? [[sentAt, 'failed']]
      : [
          [sentAt, 'sent'],
          [deliveredAt, 'delivered'],
        ];
    if (!send.failure && send.auto_read && delays.read !== null) steps.push([Math.max(deliveredAt, delays.read), 'read']);
    const entry = { send, timers: [] as NodeJS.Timeout[] };
    for (const [delay, status] of steps) {
      entry.timers.push(
        setTimeout(() => {
          this.emit(send, status);
          if (status === 'read' || status === 'failed') this.pending.delete(send.wamid);
        }, delay),
      );
    }
    this.pending.set(send.wamid, entry);
    // Messages nobody reads stay markable; the oldest are forgotten so a long benchmark stays bounded.
    if (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
  }

  /**
   * The user opened the message on the phone: emits `read` now (after `sent` if that was still due;
   * Meta skips `delivered` when delivery and read coincide). False when there is nothing to mark.
   */
  markRead(wamid: string): boolean {
    const entry = this.pending.get(wamid);
    const found = this.state.conversations.find(wamid);
    if (entry === undefined || found === undefined) return false;
    if (found.message.status === 'read' || found.message.status === 'failed') return false;
    for (const timer of entry.timers) clearTimeout(timer);
    this.pending.delete(wamid);
    if (found.message.status === 'accepted') this.emit(entry.send, 'sent');
    this.emit(entry.send, 'read');
    return true;
  }

  private emit(send: AcceptedSend, status: MessageStatus): void {
    const errors = send.failure ? [{ code: send.failure.code, title: send.failure.title }] : undefined;
    if (!this.state.conversations.setStatus(send.wamid, status, status === 'failed' ? errors : undefined)) return;
    const number = this.state.numbers.get(send.phone_number_id);
    if (number === undefined) return;
    const now = this.state.clock.now();
    const item: Record<string, unknown> = {
      id: send.wamid,
      status,
      timestamp: unixSeconds(now),
      recipient_id: send.wa_id,
    };
    if (send.user_id !== undefined) item.recipient_user_id = send.user_id;
    if (send.biz_opaque_callback_data !== undefined) item.biz_opaque_callback_data = send.biz_opaque_callback_data;
    if (status === 'sent' || status === 'delivered') {
      const conversation: Record<string, unknown> = { id: send.conversation.id };
      if (status === 'sent' && send.conversation.isNew) conversation.expiration_timestamp = unixSeconds(send.conversation.expiresAt);
      conversation.origin = { type: send.origin };
      item.conversation = conversation;
      item.pricing = { billable: send.pricing.billable, pricing_model: 'PMP', type: send.pricing.type, category: send.pricing.category };
    }
    if (status === 'failed' && send.failure) {
      item.errors = [
        {
          code: send.failure.code,
          title: send.failure.title,
          message: send.failure.message,
          error_data: { details: send.failure.details },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ];
    }
    this.stats.emitted += 1;
    this.dispatch(send.phone_number_id, webhookEnvelope(number, { statuses: [item] }));
  }

  /** Applies the number's webhook faults, then hands the payload to the sender. */
  private dispatch(phoneNumberId: string, payload: unknown): void {
    const faults = this.state.faultsFor(phoneNumberId);
    const random = this.state.randomFor(phoneNumberId);
    if (faults.status_drop_share > 0 && random() < faults.status_drop_share) {
      this.stats.dropped += 1;
      return;
    }
    const copies = faults.status_duplicate_share > 0 && random() < faults.status_duplicate_share ? 2 : 1;
    if (copies === 2) this.stats.duplicated += 1;
    if (faults.status_reorder_window_ms > 0) {
      let buffer = this.reorderBuffers.get(phoneNumberId);
      if (buffer === undefined) {
        const timer = setTimeout(() => this.flushReordered(phoneNumberId), faults.status_reorder_window_ms);
        buffer = { payloads: [], timer };
        this.reorderBuffers.set(phoneNumberId, buffer);
      }
      for (let i = 0; i < copies; i += 1) buffer.payloads.push(payload);
      return;
    }
    for (let i = 0; i < copies; i += 1) this.send(phoneNumberId, payload);
  }

  private flushReordered(phoneNumberId: string): void {
    const buffer = this.reorderBuffers.get(phoneNumberId);
    this.reorderBuffers.delete(phoneNumberId);
    if (buffer === undefined) return;
    const random = this.state.randomFor(phoneNumberId);
    const list = buffer.payloads;
    for (let i = list.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    if (list.length > 1) this.stats.reordered_batches += 1;
    for (const payload of list) this.send(phoneNumberId, payload);
  }

  private send(phoneNumberId: string, payload: unknown): void {
    const target = () => {
      const number = this.state.numbers.get(phoneNumberId);
      return number?.webhook_url ? { url: number.webhook_url, appSecret: number.app_secret } : null;
    };
    if (target() === null) return;
    this.sender.deliver(target, payload).catch((error: unknown) => this.logger.error({ err: error }, 'status webhook failed'));
  }

  /** Cancels every scheduled status and reorder buffer. */
  close(): void {
    for (const entry of this.pending.values()) for (const timer of entry.timers) clearTimeout(timer);
    this.pending.clear();
    for (const buffer of this.reorderBuffers.values()) clearTimeout(buffer.timer);
    this.reorderBuffers.clear();
  }
}
