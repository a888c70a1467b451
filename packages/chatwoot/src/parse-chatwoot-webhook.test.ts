import { describe, expect, it } from 'vitest';
import { parseChatwootWebhook } from './parse-chatwoot-webhook';

const message = (overrides: Record<string, unknown>) => ({
  event: 'message_created', id: 118, content: 'hi', message_type: 'outgoing', content_type: 'text', private: false, source_id: null,
  content_attributes: {}, created_at: '2021-07-23T18:02:48.000Z', sender: { id: 1, name: 'John', email: 'john@acme.inc', type: 'user' },
  inbox: { id: 1, name: 'WA' }, account: { id: 1, name: 'Acme' },
  conversation: { id: 10, inbox_id: 1, status: 'open', channel: 'Channel::Api', contact_inbox: { source_id: 's' }, messages: [], labels: [], custom_attributes: {} },
  attachments: [],
  ...overrides,
});

describe('parseChatwootWebhook (reference §6 case 19)', () => {
  it('turns a human agent public outgoing message into an agent message', () => {
    expect(parseChatwootWebhook(message({}), { inboxId: '1' })).toEqual([
      { kind: 'agent_message', conversationId: '10', messageId: '118', content: 'hi', agentName: 'John', attachments: [], at: Date.parse('2021-07-23T18:02:48.000Z') / 1000 },
    ]);
  });

  it('reads the attachments an agent sent (an attachment-only message is relayed; ones without a link are not)', () => {
    const attachments = [
      { id: 1, message_id: 118, file_type: 'image', data_url: 'https://chat.example.com/rails/active_storage/blobs/1/a.png', file_size: 10 },
      { id: 2, message_id: 118, file_type: 'location', data_url: null },
    ];
    expect(parseChatwootWebhook(message({ content: null, attachments }), { inboxId: '1' })[0]).toMatchObject({
      kind: 'agent_message', content: '', attachments: [{ fileType: 'image', url: 'https://chat.example.com/rails/active_storage/blobs/1/a.png', name: null }],
    });
  });

  it('ignores agent-bot echoes, private notes, activities, incoming messages, automation and other inboxes', () => {
    const reasons = [
      message({ sender: { id: 3, name: 'Bot', type: 'agent_bot' } }),
      message({ private: true }),
      message({ message_type: 'activity', sender: null }),
      message({ message_type: 'incoming', sender: { id: 9, type: 'contact' } }),
      message({ sender: null }),
      message({ inbox: { id: 2 }, conversation: { id: 10, inbox_id: 2 } }),
      message({ content: '' }),
    ].map((body) => parseChatwootWebhook(body, { inboxId: '1' })[0]?.kind);
    expect(reasons).toEqual(['ignored', 'ignored', 'ignored', 'ignored', 'ignored', 'ignored', 'ignored']);
  });

  it('reads status and assignee changes from changed_attributes', () => {
    expect(
      parseChatwootWebhook(
        { event: 'conversation_status_changed', id: 10, inbox_id: 1, status: 'open', changed_attributes: [{ status: { previous_value: 'pending', current_value: 'open' } }] },
        { inboxId: '1' },
      ),
    ).toEqual([{ kind: 'status_changed', conversationId: '10', from: 'pending', to: 'open', at: null }]);
    expect(
      parseChatwootWebhook(
        { event: 'conversation_updated', id: 10, inbox_id: 1, status: 'open', changed_attributes: [{ assignee_id: { previous_value: null, current_value: 5 } }] },
        { inboxId: '1' },
      ),
    ).toEqual([{ kind: 'assignee_changed', conversationId: '10', assigneeId: '5', at: null }]);
  });

  it("takes the change's time from the conversation's updated_at (float seconds, or an ISO string)", () => {
    const change = (updated_at: unknown) =>
      parseChatwootWebhook({ event: 'conversation_status_changed', id: 10, inbox_id: 1, updated_at, changed_attributes: [{ status: { previous_value: 'open', current_value: 'resolved' } }] }, { inboxId: '1' })[0];
    expect(change(1732240000.123456)).toMatchObject({ at: 1732240000.123456 });
    expect(change('2024-11-22T01:46:40.500Z')).toMatchObject({ at: 1732240000.5 });
    expect(change('yesterday')).toMatchObject({ kind: 'status_changed', at: null });
    expect(parseChatwootWebhook({ event: 'contact_created', id: 1 }, { inboxId: '1' })[0]?.kind).toBe('ignored');
    expect(parseChatwootWebhook('garbage', { inboxId: '1' })[0]?.kind).toBe('ignored');
  });
});
