import { CrmSyncError } from '@switchboard/crm';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatwootAdapter } from './chatwoot-adapter';
import { createChatwootClient, parseRetryAfter } from './chatwoot-client';
import { startFakeChatwoot, type FakeChatwoot } from './testing/index';

let fake: FakeChatwoot | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('Chatwoot client against the fake Chatwoot', () => {
  it('uploads attachments as multipart attachments[] parts on create-message, and the fake serves them at data_url', async () => {
    fake = await startFakeChatwoot();
    const inboxId = fake.addInbox('WhatsApp');
    const adapter = createChatwootAdapter({ baseUrl: fake.url, accountId: fake.accountId, accessToken: fake.accessToken, inboxId });
    const contact = await adapter.createContact({ identifier: 'whatsapp:16505551299', sourceId: '16505551299', name: 'Ann' });
    const { conversationId } = await adapter.createConversation({ contact, status: 'pending' });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x10]);
    await adapter.createMessage({ conversationId, direction: 'incoming', content: 'a photo', attachments: [{ bytes, contentType: 'image/jpeg', filename: 'photo.jpg' }] });
    const [message] = fake.state.messages;
    expect(message).toMatchObject({ content: 'a photo', message_type: 'incoming', private: false });
    expect(message!.attachments).toMatchObject([{ file_type: 'image', content_type: 'image/jpeg', filename: 'photo.jpg' }]);
    const served = await fetch(message!.attachments[0]!.data_url);
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    expect(fake.violations).toEqual([]);
    // A body the fake would not take from Chatwoot's point of view: a file part not named attachments[].
    const form = new FormData();
    form.set('content', 'x');
    form.append('file', new Blob([bytes], { type: 'image/jpeg' }), 'a.jpg');
    const res = await fetch(`${fake.url}/api/v1/accounts/${fake.accountId}/conversations/${conversationId}/messages`, { method: 'POST', headers: { api_access_token: fake.accessToken }, body: form });
    expect(res.status).toBe(422);
    expect(fake.violations).toEqual([expect.stringContaining('attachments[]')]);
  });

  it('mirrors a contact, a conversation and messages with the field names Chatwoot expects', async () => {
    fake = await startFakeChatwoot();
    const inboxId = fake.addInbox('WhatsApp');
    const adapter = createChatwootAdapter({ baseUrl: fake.url, accountId: fake.accountId, accessToken: fake.accessToken, inboxId });
    const contact = await adapter.createContact({ identifier: 'whatsapp:16505551234', sourceId: '16505551234', name: 'Sheena', phoneNumber: '+16505551234' });
    expect(contact.sourceId).toBe('16505551234');
    expect(await adapter.findContactByIdentifier('whatsapp:16505551234')).toEqual(contact);
    const { conversationId } = await adapter.createConversation({ contact, status: 'pending' });
    const { messageId } = await adapter.createMessage({ conversationId, direction: 'incoming', content: 'Does it come in another color?' });
    await adapter.updateMessageStatus({ conversationId, messageId, status: 'delivered' });
    await adapter.setConversationStatus(conversationId, 'open');
    await adapter.updateContactName(contact.contactId, 'Sheena N.');
    expect(await adapter.getConversationStatus(conversationId)).toBe('open');
    expect(await adapter.listMessageIds(conversationId)).toEqual([messageId]);
    expect(await adapter.getConversationStatus('999999')).toBeNull();
    expect(fake.violations).toEqual([]);
    expect(fake.state.contactInboxes).toHaveLength(1);
    expect(fake.state.messages[0]).toMatchObject({ message_type: 'incoming', status: 'delivered' });
    const info = await adapter.testConnection();
    expect(info.inbox).toEqual({ id: String(inboxId), name: 'WhatsApp', isApiChannel: true });
  });

  it('waits out a short retry-after and throws rate_limited with the delay for a long one', async () => {
    fake = await startFakeChatwoot();
    const slept: number[] = [];
    const client = createChatwootClient({
      baseUrl: fake.url, accountId: fake.accountId, accessToken: fake.accessToken, maxInlineRetryAfterMs: 2_000,
      sleep: async (ms) => void slept.push(ms),
    });
    fake.throttleNext(1, 1);
    expect(await client.listInboxes()).toEqual([]);
    expect(slept).toEqual([1000]);
    fake.throttleNext(1, 30);
    const error = await client.listInboxes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmSyncError);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000, retryable: true });
  });

  it('classifies a wrong token, a missing object, a refused connection', async () => {
    fake = await startFakeChatwoot();
    const bad = createChatwootClient({ baseUrl: fake.url, accountId: fake.accountId, accessToken: 'wrong' });
    await expect(bad.listInboxes()).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
    const client = createChatwootClient({ baseUrl: fake.url, accountId: fake.accountId, accessToken: fake.accessToken });
    await expect(client.getConversation(424242)).rejects.toMatchObject({ kind: 'not_found' });
    await fake.down();
    await expect(client.listInboxes()).rejects.toMatchObject({ kind: 'unavailable', retryable: true });
    await fake.up();
    expect(await client.listInboxes()).toEqual([]);
  });

  it('parses retry-after in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeNull();
  });
});
