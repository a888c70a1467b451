// Knowledge documents on real Postgres: storing with chunks, replacing by
// title, listing with chunk counts, deleting, tenancy, and retrieval.
import { createTestDatabase, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestPdf } from '../testing/build-test-pdf';
import { addKnowledgeDocument, deleteKnowledgeDocument, listKnowledgeDocuments } from './knowledge-documents';
import { retrieveKnowledge } from './retrieve-knowledge';
import { uploadKnowledgeDocument } from './upload-knowledge-document';

let db: TestDatabase;
let workspaceId: string;
let otherWorkspaceId: string;
let botId: string;
let otherBotId: string;

const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { code?: string }) => error.code);

beforeAll(async () => {
  db = await createTestDatabase('core_knowledge');
  workspaceId = (await db.prisma.workspace.create({ data: { name: 'K', slug: 'k' } })).id;
  otherWorkspaceId = (await db.prisma.workspace.create({ data: { name: 'O', slug: 'o' } })).id;
  botId = (await db.prisma.bot.create({ data: { workspaceId, name: 'Tea', mode: 'agent' } })).id;
  otherBotId = (await db.prisma.bot.create({ data: { workspaceId: otherWorkspaceId, name: 'Other', mode: 'agent' } })).id;
});
afterAll(async () => {
  await db?.drop();
});

describe('knowledge documents', () => {
  it('stores chunks, replaces a document of the same title, lists chunk counts and deletes', async () => {
    const first = await addKnowledgeDocument(db.prisma, { workspaceId, botId, title: 'FAQ', content: 'Old answer about shipping.' });
    expect(first).toMatchObject({ chunks: 1, replaced: false });
    const long = ['# Shipping', 'We ship to Portugal.', ...Array.from({ length: 30 }, (_, i) => `Paragraph ${i}: ${'tea '.repeat(60)}`)].join('\n\n');
    const second = await addKnowledgeDocument(db.prisma, { workspaceId, botId, title: 'FAQ', content: long, language: 'english' });
    expect(second.replaced).toBe(true);
    expect(second.chunks).toBeGreaterThan(1);
    expect(await db.prisma.knowledgeDocument.count({ where: { botId } })).toBe(1);
    expect(await db.prisma.knowledgeChunk.count({ where: { documentId: first.id } })).toBe(0);
    const seqs = (await db.prisma.knowledgeChunk.findMany({ where: { documentId: second.id }, orderBy: { seq: 'asc' }, select: { seq: true } })).map((c) => c.seq);
    expect(seqs).toEqual(Array.from({ length: second.chunks }, (_, i) => i));

    const listed = await listKnowledgeDocuments(db.prisma, { workspaceId, botId });
    expect(listed).toEqual([
      { id: second.id, title: 'FAQ', language: 'english', characters: long.length, chunks: second.chunks, embeddingModel: null, createdAt: expect.any(Date), updatedAt: expect.any(Date) },
    ]);

    await deleteKnowledgeDocument(db.prisma, { workspaceId, botId, documentId: second.id });
    expect(await listKnowledgeDocuments(db.prisma, { workspaceId, botId })).toEqual([]);
    expect(await db.prisma.knowledgeChunk.count({ where: { botId } })).toBe(0);
    expect(await codeOf(deleteKnowledgeDocument(db.prisma, { workspaceId, botId, documentId: second.id }))).toBe('not_found');
  });

  it('keeps two concurrent uploads of one title from leaving two documents', async () => {
    await Promise.all(
      Array.from({ length: 4 }, (_, i) => addKnowledgeDocument(db.prisma, { workspaceId, botId, title: 'Race', content: `Version ${i} of the text.` })),
    );
    expect(await db.prisma.knowledgeDocument.count({ where: { botId, title: 'Race' } })).toBe(1);
    await db.prisma.knowledgeDocument.deleteMany({ where: { botId } });
  });

  it('is scoped to the workspace: another workspace\'s bot or document is not found', async () => {
    const doc = await addKnowledgeDocument(db.prisma, { workspaceId: otherWorkspaceId, botId: otherBotId, title: 'Theirs', content: 'Secret.' });
    expect(await codeOf(listKnowledgeDocuments(db.prisma, { workspaceId, botId: otherBotId }))).toBe('not_found');
    expect(await codeOf(addKnowledgeDocument(db.prisma, { workspaceId, botId: otherBotId, title: 'x', content: 'y' }))).toBe('not_found');
    expect(await codeOf(deleteKnowledgeDocument(db.prisma, { workspaceId, botId, documentId: doc.id }))).toBe('not_found');
    expect(await db.prisma.knowledgeDocument.count({ where: { id: doc.id } })).toBe(1);
  });

  it('stores nothing when the file cannot be read', async () => {
    const bytes = new TextEncoder().encode('not a pdf at all');
    expect(await codeOf(uploadKnowledgeDocument(db.prisma, { workspaceId, botId, title: 'Bad', contentType: 'application/pdf', bytes }))).toBe('unreadable_document');
    expect(await db.prisma.knowledgeDocument.count({ where: { botId } })).toBe(0);
  });

  it('retrieves the chunk of an uploaded PDF that answers the question', async () => {
    const pdf = buildTestPdf([
      ['Opening hours', 'Our Lisbon shop opens at nine in the morning.'],
      ['Brewing', 'Steep oolong for three minutes at ninety degrees.'],
    ]);
    const stored = await uploadKnowledgeDocument(db.prisma, { workspaceId, botId, title: 'handbook.pdf', language: 'english', contentType: 'application/pdf', bytes: pdf });
    expect(stored.chunks).toBeGreaterThanOrEqual(1);
    await addKnowledgeDocument(db.prisma, { workspaceId, botId, title: 'Shipping', content: 'Parcels to Spain take three days.' });
    const snippets = await retrieveKnowledge(db.prisma, { workspaceId, botId, question: 'How long should I steep oolong?', limit: 1 });
    expect(snippets.map((s) => s.title)).toEqual(['handbook.pdf']);
    expect(snippets[0]!.text).toContain('Steep oolong for three minutes');
    expect(await retrieveKnowledge(db.prisma, { workspaceId: otherWorkspaceId, botId, question: 'oolong', limit: 3 })).toEqual([]);
  });
});
