// The dashboard's knowledge procedures through the real router on Postgres:
// upload (text, Markdown, PDF), replace by name, list with chunk counts,
// delete; roles, tenancy and the limits.
import { KNOWLEDGE_FILE_MAX_BYTES } from '@switchboard/core';
import { buildTestPdf } from '@switchboard/core/testing';
import { createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';

let db: TestDatabase;
let editor: AppSession;
let viewer: AppSession;
let stranger: AppSession;
let workspaceId: string;
let botId: string;
let strangerBotId: string;
let otherWorkspaceId: string;

const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));
const b64 = (data: string | Uint8Array) => Buffer.from(data).toString('base64');

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to be rejected');
}

beforeAll(async () => {
  db = await createTestDatabase('web_knowledge');
  process.env.DATABASE_URL = db.url;
  process.env.ENCRYPTION_KEY = DEV_ENCRYPTION_KEY;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const users = await Promise.all(['e', 'v', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@knowledge.example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'Knowledge', slug: 'knowledge' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other-knowledge' } });
  await db.prisma.member.createMany({
    data: [
      { workspaceId: workspace.id, userId: users[0]!.id, role: 'editor' },
      { workspaceId: workspace.id, userId: users[1]!.id, role: 'viewer' },
      { workspaceId: other.id, userId: users[2]!.id, role: 'owner' },
    ],
  });
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  botId = (await db.prisma.bot.create({ data: { workspaceId, name: 'Agent', mode: 'agent' } })).id;
  strangerBotId = (await db.prisma.bot.create({ data: { workspaceId: other.id, name: 'Theirs', mode: 'agent' } })).id;
  [editor, viewer, stranger] = users.map((u) => ({ userId: u.id, email: u.email, name: null })) as [AppSession, AppSession, AppSession];
});
afterAll(async () => {
  await db?.drop();
});

describe('knowledge procedures', () => {
  it('an editor uploads Markdown and a PDF, re-uploads by name, and deletes; a viewer lists', async () => {
    expect(await callerFor(viewer).ai.knowledge.list({ workspaceId, botId })).toEqual([]);
    const faq = await callerFor(editor).ai.knowledge.upload({
      workspaceId, botId, name: 'faq.md', language: 'english', contentType: 'text/markdown', dataBase64: b64('# Hours\n\nOpen 9 to 18.'),
    });
    expect(faq).toEqual({ id: expect.any(String), chunks: 1, replaced: false, embeddingModel: null });
    const pdf = await callerFor(editor).ai.knowledge.upload({
      workspaceId, botId, name: 'menu.pdf', contentType: 'application/pdf', dataBase64: b64(buildTestPdf([['Matcha latte 4 EUR'], ['Oolong 3 EUR']])),
    });
    expect(pdf.replaced).toBe(false);
    const replaced = await callerFor(editor).ai.knowledge.upload({ workspaceId, botId, name: 'faq.md', contentType: 'text/plain', dataBase64: b64('Open 10 to 19.') });
    expect(replaced.replaced).toBe(true);

    const listed = await callerFor(viewer).ai.knowledge.list({ workspaceId, botId });
    expect(listed.map((d) => [d.title, d.chunks, d.characters])).toEqual([
      ['faq.md', 1, 14],
      ['menu.pdf', 1, 'Matcha latte 4 EUR\n\nOolong 3 EUR'.length],
    ]);

    expect(await callerFor(editor).ai.knowledge.delete({ workspaceId, botId, documentId: pdf.id })).toEqual({ deleted: true });
    expect((await callerFor(viewer).ai.knowledge.list({ workspaceId, botId })).map((d) => d.title)).toEqual(['faq.md']);
    expect((await trpcError(callerFor(editor).ai.knowledge.delete({ workspaceId, botId, documentId: pdf.id }))).code).toBe('NOT_FOUND');
  });

  it('answers bad files with the right codes and stores nothing', async () => {
    const before = await db.prisma.knowledgeDocument.count();
    const upload = (contentType: string, data: string | Uint8Array) =>
      trpcError(callerFor(editor).ai.knowledge.upload({ workspaceId, botId, name: 'bad', contentType, dataBase64: b64(data) }));
    expect((await upload('image/png', 'png')).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await upload('application/pdf', 'not a pdf')).code).toBe('UNPROCESSABLE_CONTENT');
    expect((await upload('text/plain', new Uint8Array(KNOWLEDGE_FILE_MAX_BYTES + 1))).code).toBe('PAYLOAD_TOO_LARGE');
    expect((await trpcError(callerFor(editor).ai.knowledge.upload({ workspaceId, botId, name: ' ', contentType: 'text/plain', dataBase64: b64('x') }))).code).toBe('BAD_REQUEST');
    expect(await db.prisma.knowledgeDocument.count()).toBe(before);
  });

  it('viewers cannot change documents; other workspaces cannot reach them', async () => {
    const doc = await db.prisma.knowledgeDocument.findFirstOrThrow({ where: { botId } });
    expect((await trpcError(callerFor(viewer).ai.knowledge.upload({ workspaceId, botId, name: 'x', contentType: 'text/plain', dataBase64: b64('x') }))).code).toBe('FORBIDDEN');
    expect((await trpcError(callerFor(viewer).ai.knowledge.delete({ workspaceId, botId, documentId: doc.id }))).code).toBe('FORBIDDEN');
    expect((await trpcError(callerFor(stranger).ai.knowledge.list({ workspaceId, botId }))).code).toBe('NOT_FOUND');
    // A member of another workspace, in their own workspace, naming this workspace's bot or document.
    expect((await trpcError(callerFor(stranger).ai.knowledge.list({ workspaceId: otherWorkspaceId, botId }))).code).toBe('NOT_FOUND');
    expect((await trpcError(callerFor(stranger).ai.knowledge.delete({ workspaceId: otherWorkspaceId, botId: strangerBotId, documentId: doc.id }))).code).toBe('NOT_FOUND');
    expect((await trpcError(callerFor(editor).ai.knowledge.list({ workspaceId, botId: strangerBotId }))).code).toBe('NOT_FOUND');
    expect(await db.prisma.knowledgeDocument.count({ where: { id: doc.id } })).toBe(1);
  });
});
