// Knowledge by embeddings on real Postgres 15 (no pgvector here: the plain-SQL
// cosine runs), with the fake provider's deterministic /embeddings.
import { agentSettingsSchema, createChatModel, createEmbeddingModel, emptyAgentMemory, type EmbeddingModel } from '@switchboard/ai-agent';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@switchboard/ai-agent/testing';
import { createTestDatabase, type TestDatabase } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answerAgentMessage } from '../bot/answer-agent-message';
import { addKnowledgeDocument, listKnowledgeDocuments } from './knowledge-documents';
import { retrieveKnowledge } from './retrieve-knowledge';
import { searchKnowledge } from './search-knowledge';

let db: TestDatabase;
let fake: FakeOpenAiServer;
let embedder: EmbeddingModel;
let workspaceId: string;
let botId: string;

const REFUNDS = 'Refund policy: returns are accepted within thirty days of delivery.';
const HOURS = 'Opening hours: the shop opens at nine and closes at six.';
const QUESTION = 'reimbursement?';

beforeAll(async () => {
  db = await createTestDatabase('core_knowledge_vectors');
  fake = await startFakeOpenAiServer({ apiKey: 'k' });
  embedder = createEmbeddingModel({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'chat-model', embeddingModel: 'embed-m' }, { baseDelayMs: 10, maxDelayMs: 20 })!;
  workspaceId = (await db.prisma.workspace.create({ data: { name: 'V', slug: 'v' } })).id;
  botId = (await db.prisma.bot.create({ data: { workspaceId, name: 'Shop', mode: 'agent' } })).id;
  fake.setEmbeddingAliases({ reimbursement: 'refund' });
  await addKnowledgeDocument(db.prisma, { workspaceId, botId, title: 'Refunds', content: REFUNDS }, { embedder });
  await addKnowledgeDocument(db.prisma, { workspaceId, botId, title: 'Hours', content: HOURS }, { embedder });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(() => {
  fake.reset();
  fake.setEmbeddingAliases({ reimbursement: 'refund' });
});

describe('knowledge by embeddings', () => {
  it('stores each chunk with its vector, the model and the dimensions', async () => {
    const rows = await db.prisma.$queryRaw<{ model: string; dims: number; length: number }[]>`
      SELECT embedding_model AS model, embedding_dims AS dims, array_length(embedding, 1) AS length FROM knowledge_chunks WHERE bot_id = ${botId}::uuid`;
    expect(rows).toEqual([
      { model: 'embed-m', dims: 256, length: 256 },
      { model: 'embed-m', dims: 256, length: 256 },
    ]);
    expect((await listKnowledgeDocuments(db.prisma, { workspaceId, botId })).map((d) => d.embeddingModel)).toEqual(['embed-m', 'embed-m']);
  });

  it('finds the chunk tied to a question that shares no word with it, where full-text search finds nothing', async () => {
    expect(await retrieveKnowledge(db.prisma, { workspaceId, botId, question: QUESTION, limit: 2 })).toEqual([]);
    const found = await searchKnowledge(db.prisma, embedder, { workspaceId, botId, question: QUESTION, limit: 2 });
    expect(found).toMatchObject({ method: 'vector', cosine: 'sql' });
    expect(found.fallback).toBeUndefined();
    expect(found.snippets.map((s) => s.title)).toEqual(['Refunds', 'Hours']);
    expect(found.snippets[0]!.rank).toBeGreaterThan(0.2);
    expect(found.snippets[1]!.rank).toBeLessThan(found.snippets[0]!.rank);
    expect(fake.embeddings).toEqual([{ model: 'embed-m', input: [QUESTION], encodingFormat: 'base64' }]);
  });

  it('uses full-text search, and says why, when the question cannot be embedded', async () => {
    fake.failEmbeddings({ status: 401, message: 'Incorrect API key provided.' });
    const found = await searchKnowledge(db.prisma, embedder, { workspaceId, botId, question: 'when does the shop open', limit: 2 });
    expect(found.method).toBe('fts');
    expect(found.fallback).toMatch(/embedding the question failed \(refused: .*401/);
    expect(found.snippets.map((s) => s.title)).toEqual(['Hours']);
    const missed = await searchKnowledge(db.prisma, embedder, { workspaceId, botId, question: QUESTION, limit: 2 });
    expect(missed).toMatchObject({ method: 'fts', snippets: [] });
  });

  it('ignores chunks of another embeddings model for vector ranking (full-text search when none is of the current one)', async () => {
    const otherModel = createEmbeddingModel({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'chat-model', embeddingModel: 'embed-new' })!;
    const found = await searchKnowledge(db.prisma, otherModel, { workspaceId, botId, question: 'refund', limit: 2 });
    expect(found).toMatchObject({ method: 'fts', snippets: [{ title: 'Refunds' }] });
    expect(found.fallback).toBeUndefined();
    expect(fake.embeddings).toEqual([]);
  });

  it('stores nothing when the chunks cannot be embedded at upload', async () => {
    fake.failEmbeddings({ status: 400, message: 'bad' });
    const error = await addKnowledgeDocument(db.prisma, { workspaceId, botId, title: 'Hours', content: 'New hours: ten to four.' }, { embedder }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'service_unavailable', details: { embedding_model: 'embed-m', kind: 'refused' } });
    const hours = await db.prisma.knowledgeDocument.findFirstOrThrow({ where: { botId, title: 'Hours' }, select: { content: true } });
    expect(hours.content).toBe(HOURS);
  });

  it('gives the agent the chunk found by meaning and records how it was found', async () => {
    fake.script({ reply: 'You can return it within thirty days.' });
    const model = createChatModel({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'chat-model' });
    const result = await answerAgentMessage({
      db: db.prisma, model, embedder, toolHttp: async () => { throw new Error('no tools'); },
      settings: agentSettingsSchema.parse({ systemPrompt: 'You help shop customers.', knowledgeSnippets: 1 }),
      workspaceId, botId, memory: emptyAgentMemory(), userMessage: QUESTION, contact: { name: null, attributes: {} },
      logger: createLogger({ service: 't', level: 'silent' }),
    });
    expect(result.outcome).toBe('answered');
    expect(result.knowledge).toEqual({ method: 'vector', cosine: 'sql', snippets: 1 });
    expect(JSON.stringify(fake.requests[0]!.messages)).toContain('Refund policy');
  });
});
