// The inbox procedures through the real router on Postgres: list and filters, the transcript with
// decrypted content and statuses, take over / hand back (role, tenancy, one event each).
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
let agent: AppSession;
let viewer: AppSession;
let stranger: AppSession;
let workspaceId: string;
let conversationId: string;
let quietConversationId: string;
const box = createSecretBox(DEV_ENCRYPTION_KEY);

const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));


beforeAll(async () => {
  db = await createTestDatabase('web_inbox');
  process.env.DATABASE_URL = db.url;
  delete process.env.ENCRYPTION_KEY; // the dashboard falls back to the development key, as the rows below use
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const [a, v, s] = await Promise.all(['a', 'v', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'Inbox', slug: 'inbox' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  await db.prisma.member.createMany({
    data: [
      { workspaceId: workspace.id, userId: a!.id, role: 'agent' },
      { workspaceId: workspace.id, userId: v!.id, role: 'viewer' },
      { workspaceId: other.id, userId: s!.id, role: 'owner' },
    ],
  });
  workspaceId = workspace.id;
  const session = (u: { id: string; email: string }): AppSession => ({ userId: u.id, email: u.email, name: null });
  agent = session(a!);
  viewer = session(v!);
  stranger = session(s!);

  const channel = await db.prisma.channel.create({
    data: {
      workspaceId, kind: 'sandbox', phoneNumberId: '1099', wabaId: '2099', displayPhoneNumber: '15550001111',
      accessTokenEnc: box.encrypt('t'), appSecretEnc: box.encrypt('s'), verifyTokenEnc: box.encrypt('v'), verifyTokenHash: 'h',
    },
  });
  const contact = await db.prisma.contact.create({ data: { workspaceId, waId: '15551234567', name: 'Ada Lovelace' } });
  const quiet = await db.prisma.contact.create({ data: { workspaceId, waId: '15559990000', name: 'Quiet' } });
  const now = Date.now();
  const conversation = await db.prisma.conversation.create({
    data: { workspaceId, channelId: channel.id, contactId: contact.id, windowExpiresAt: new Date(now + 3_600_000), lastMessageAt: new Date(now) },
  });
  quietConversationId = (await db.prisma.conversation.create({ data: { workspaceId, channelId: channel.id, contactId: quiet.id, owner: 'human' } })).id;
  conversationId = conversation.id;
  const base = { workspaceId, channelId: channel.id, conversationId, contactId: contact.id, traceId: 'a'.repeat(32) };
  await db.prisma.message.create({ data: { ...base, direction: 'inbound', type: 'text', contentEnc: box.encryptJson({ text: { body: 'Hi, where is my order?' } }), status: 'received', source: 'whatsapp', createdAt: new Date(now - 3000) } });
  await db.prisma.message.create({ data: { ...base, direction: 'outbound', type: 'text', contentEnc: box.encryptJson({ text: { body: 'Let me check.' } }), status: 'read', source: 'bot', createdAt: new Date(now - 2000) } });
  await db.prisma.message.create({
    data: {
      ...base, direction: 'outbound', type: 'text', contentEnc: box.encryptJson({ text: { body: 'Found it.' } }), status: 'failed', source: 'bot',
      errorCode: 131047, lastError: { code: 131047, title: 'Re-engagement message' }, createdAt: new Date(now - 1000),
    },
  });
});
afterAll(async () => db?.drop());

describe('inbox procedures', () => {
  it('lists the workspace\'s conversations with filters by owner and by number or name', async () => {
    const all = await callerFor(viewer).conversation.list({ workspaceId });
    expect(all.data.map((c) => c.id).sort()).toEqual([conversationId, quietConversationId].sort());
    const ada = all.data.find((c) => c.id === conversationId)!;
    expect(ada).toMatchObject({ owner: 'bot', window_open: true, contact: { wa_id: '15551234567', name: 'Ada Lovelace' } });
    expect((await callerFor(viewer).conversation.list({ workspaceId, query: { owner: 'human' } })).data.map((c) => c.id)).toEqual([quietConversationId]);
    expect((await callerFor(viewer).conversation.list({ workspaceId, query: { search: 'lovelace' } })).data.map((c) => c.id)).toEqual([conversationId]);
    expect((await callerFor(viewer).conversation.list({ workspaceId, query: { search: '+1555999' } })).data.map((c) => c.id)).toEqual([quietConversationId]);
    const first = await callerFor(viewer).conversation.list({ workspaceId, query: { limit: 1 } });
    expect(first.data).toHaveLength(1);
    const second = await callerFor(viewer).conversation.list({ workspaceId, query: { limit: 1, cursor: first.next_cursor! } });
    expect(second.data.map((c) => c.id)).not.toEqual(first.data.map((c) => c.id));
    expect(second.next_cursor).toBeNull();
  });

  it('shows the transcript oldest first, decrypted, with statuses and Meta\'s error meaning', async () => {
    const transcript = await callerFor(viewer).conversation.transcript({ workspaceId, id: conversationId });
    expect(transcript.messages.map((m) => [m.direction, m.content, m.status])).toEqual([
      ['inbound', { text: { body: 'Hi, where is my order?' } }, 'received'],
      ['outbound', { text: { body: 'Let me check.' } }, 'read'],
      ['outbound', { text: { body: 'Found it.' } }, 'failed'],
    ]);
    expect(transcript.messages[2]!.error).toMatchObject({ code: 131047, title: expect.stringMatching(/re-engagement/i) });
    expect(transcript.messages[2]!.error?.meaning).toBeTruthy();
    expect(transcript.has_older).toBe(false);
  });

  it('lets an agent take over and hand back, once each, and refuses a viewer', async () => {
    expect(await trpcCode(callerFor(viewer).conversation.setOwner({ workspaceId, id: conversationId, owner: 'human' }))).toBe('FORBIDDEN');
    const taken = await callerFor(agent).conversation.setOwner({ workspaceId, id: conversationId, owner: 'human', change: { reason: 'vip' } });
    expect(taken).toMatchObject({ changed: true, conversation: { owner: 'human' } });
    expect((await callerFor(agent).conversation.setOwner({ workspaceId, id: conversationId, owner: 'human' })).changed).toBe(false);
    const back = await callerFor(agent).conversation.setOwner({ workspaceId, id: conversationId, owner: 'bot' });
    expect(back).toMatchObject({ changed: true, conversation: { owner: 'bot', handoff_at: null } });
    const audit = await db.prisma.auditLog.findMany({ where: { targetId: conversationId }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ['conversation.handoff', 'user', agent.userId],
      ['conversation.resumed', 'user', agent.userId],
    ]);
    const events = await db.prisma.outboxEntry.findMany({ where: { topic: 'customer_event' }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => (e.payload as { type: string }).type)).toEqual(['conversation.handoff', 'conversation.resumed']);
  });

  it('gives another workspace nothing', async () => {
    expect(await trpcCode(callerFor(stranger).conversation.list({ workspaceId }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(stranger).conversation.transcript({ workspaceId, id: conversationId }))).toBe('NOT_FOUND');
    const otherWorkspace = (await db.prisma.member.findFirstOrThrow({ where: { userId: stranger.userId } })).workspaceId;
    expect(await trpcCode(callerFor(stranger).conversation.transcript({ workspaceId: otherWorkspace, id: conversationId }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(stranger).conversation.setOwner({ workspaceId: otherWorkspace, id: conversationId, owner: 'human' }))).toBe('NOT_FOUND');
    expect((await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).owner).toBe('bot');
    expect((await callerFor(stranger).conversation.list({ workspaceId: otherWorkspace })).data).toEqual([]);
  });
});
