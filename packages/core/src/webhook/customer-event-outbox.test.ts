import { describe, expect, it } from 'vitest';
import { customerEventOutboxSchema, customerEventsForMove } from './customer-event-outbox';

const types = (from: Parameters<typeof customerEventsForMove>[0], to: Parameters<typeof customerEventsForMove>[1]) =>
  customerEventsForMove(from, to).map((e) => `${e.type}${e.implied ? '*' : ''}`);

describe('customerEventsForMove', () => {
  it('reports each forward move once, and nothing for sending or retries', () => {
    expect(types(null, 'queued')).toEqual(['message.queued']);
    expect(types('queued', 'sending')).toEqual([]);
    expect(types('sending', 'sent')).toEqual(['message.sent']);
    expect(types('sent', 'delivered')).toEqual(['message.delivered']);
    expect(types('delivered', 'read')).toEqual(['message.read']);
    expect(types('sending', 'queued')).toEqual([]);
    expect(types('sending', 'sending')).toEqual([]);
  });

  it('fills statuses Meta skipped as implied events, in order', () => {
    expect(types('sent', 'read')).toEqual(['message.delivered*', 'message.read']);
    expect(types('sending', 'delivered')).toEqual(['message.sent*', 'message.delivered']);
    expect(types('queued', 'read')).toEqual(['message.sent*', 'message.delivered*', 'message.read']);
  });

  it('reports failed and expired as message.failed, once', () => {
    expect(customerEventsForMove('sending', 'failed')).toEqual([{ type: 'message.failed', status: 'failed', implied: false }]);
    expect(customerEventsForMove('queued', 'expired')).toEqual([{ type: 'message.failed', status: 'expired', implied: false }]);
    expect(customerEventsForMove('failed', 'failed')).toEqual([]);
  });
});

describe('customerEventOutboxSchema', () => {
  it('reads the handoff payload the bot runtime already writes', () => {
    const id = '019a0000-0000-7000-8000-000000000001';
    expect(customerEventOutboxSchema.parse({ type: 'conversation.handoff', conversationId: id, reason: 'support_requested', workspaceId: id, at: '2026-01-01T00:00:00.000Z' }))
      .toMatchObject({ type: 'conversation.handoff', reason: 'support_requested' });
  });

  it('refuses payloads that are not customer events', () => {
    expect(customerEventOutboxSchema.safeParse({ type: 'message.status', messageId: 'x' }).success).toBe(false);
    expect(customerEventOutboxSchema.safeParse({ messageId: '019a0000-0000-7000-8000-000000000001' }).success).toBe(false);
  });
});
