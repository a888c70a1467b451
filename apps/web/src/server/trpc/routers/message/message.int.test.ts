// The message log procedures on Postgres: filters, the status timeline with Meta's error meaning,
// and tenancy.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
let viewer: AppSession;
let stranger: AppSession;
let workspaceId: string;
let failedId: string;
const box = createSecretBox(DEV_ENCRYPTION_KEY);
const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));


beforeAll(async () => {
  db = await createTestDatabase('web_message_log');
  process.env.DATABASE_URL = db.url;
  delete process.env.ENCRYPTION_KEY;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const [v, s] = await Promise.all(['v', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'Log', slug: 'log' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  await db.prisma.member.createMany({ data: [{ workspaceId: workspace.id, userId: v!.id, role: 'viewer' }, { workspaceId: other.id, userId: s!.id, role: 'owner' }] });
  workspaceId = workspace.id;
  viewer = { userId: v!.id, email: v!.email, name: null };
  stranger = { userId: s!.id, email: s!.email, name: null };
  const channel = await db.prisma.channel.create({
    data: {
      workspaceId, kind: 'sandbox', phoneNumberId: '1098', wabaId: '2098', displayPhoneNumber: '15550001111',
      accessTokenEnc: box.encrypt('t'), appSecretEnc: box.encrypt('s'), verifyTokenEnc: box.encrypt('v'), verifyTokenHash: 'h',
    },
  });
  const base = { workspaceId, channelId: channel.id, direction: 'outbound' as const, type: 'text', source: 'api' as const, traceId: 'b'.repeat(32) };
  await db.prisma.message.create({ data: { ...base, contentEnc: box.encryptJson({ text: { body: 'delivered one' } }), status: 'delivered' } });
  const failed = await db.prisma.message.create({
    data: { ...base, contentEnc: box.encryptJson({ text: { body: 'failed one' } }), status: 'failed', errorCode: 131026, lastError: { code: 131026, title: 'Message undeliverable' } },
  });
  failedId = failed.id;
  const at = (s: number) => new Date(Date.now() - 60_000 + s * 1000);
  await db.prisma.messageEvent.createMany({
    data: [
      { workspaceId, messageId: failed.id, status: 'queued', source: 'api', at: at(0), traceId: base.traceId },
      { workspaceId, messageId: failed.id, status: 'failed', source: 'meta', at: at(2), errorCode: 131026, error: { code: 131026, title: "Message undeliverable" }, traceId: base.traceId },
    ],
  });
});
afterAll(async () => db?.drop());

describe('message log procedures', () => {
  it('filters by status and shows the timeline with the error meaning and trace id', async () => {
    const all = await callerFor(viewer).message.list({ workspaceId });
    expect(all.data).toHaveLength(2);
    const failed = await callerFor(viewer).message.list({ workspaceId, query: { status: 'failed' } });
    expect(failed.data.map((m) => m.content)).toEqual([{ text: { body: 'failed one' } }]);
    const detail = await callerFor(viewer).message.get({ workspaceId, id: failedId });
    expect(detail.trace_id).toBe('b'.repeat(32));
    expect(detail.events.map((e) => e.status)).toEqual(['queued', 'failed']);
    expect(detail.error).toMatchObject({ code: 131026 });
    expect(detail.error?.meaning).toBeTruthy();
  });

  it('gives another workspace nothing and refuses a malformed filter', async () => {
    expect(await trpcCode(callerFor(stranger).message.list({ workspaceId }))).toBe('NOT_FOUND');
    const theirs = (await db.prisma.member.findFirstOrThrow({ where: { userId: stranger.userId } })).workspaceId;
    expect(await trpcCode(callerFor(stranger).message.get({ workspaceId: theirs, id: failedId }))).toBe('NOT_FOUND');
    expect((await callerFor(stranger).message.list({ workspaceId: theirs })).data).toEqual([]);
    expect(await trpcCode(callerFor(viewer).message.list({ workspaceId, query: { since: 'yesterday' } }))).toBe('BAD_REQUEST');
  });
});
