import { randomBytes } from 'node:crypto';
import type { TemplateCategory } from '../state/number-config';

/** What a send is billed as under per-message pricing. */
export type PricingCategory = TemplateCategory | 'service';

export interface PricingInfo {
  category: PricingCategory;
  billable: boolean;
  type: 'regular' | 'free_customer_service';
}

/**
 * Per-message pricing (PMP, since July 2025): free-form replies and utility templates inside an
 * open service window are free; marketing and authentication templates, and anything outside
 * the window, are billed.
 */
export function pricingFor(category: PricingCategory, windowOpen: boolean): PricingInfo {
  const free = category === 'service' || (windowOpen && category === 'utility');
  return { category, billable: !free, type: free ? 'free_customer_service' : 'regular' };
}

interface OpenConversation {
  id: string;
  expiresAt: number;
}

/** The `conversation` object of statuses: one 24 h conversation per (number, user, category). */
export class ConversationTracker {
  private readonly open = new Map<string, OpenConversation>();

  /** The conversation a send belongs to; `isNew` marks the first one, whose `sent` carries the expiry. */
  conversationFor(phoneNumberId: string, waId: string, category: PricingCategory, nowMs: number): OpenConversation & { isNew: boolean } {
    const key = `${phoneNumberId}:${waId}:${category}`;
    const current = this.open.get(key);
    if (current !== undefined && current.expiresAt > nowMs) return { ...current, isNew: false };
    const fresh = { id: randomBytes(16).toString('hex'), expiresAt: nowMs + 24 * 60 * 60 * 1000 };
    this.open.set(key, fresh);
    return { ...fresh, isNew: true };
  }
}
