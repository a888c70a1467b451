import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddingModel, EMBEDDING_BATCH_SIZE, type EmbeddingModel } from './embedding-model';
import { ModelCallError } from './model-call-error';
import { fakeEmbedding } from './testing/fake-embedding';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './testing/fake-openai-server';

let fake: FakeOpenAiServer;
let embedder: EmbeddingModel;
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

beforeAll(async () => {
  fake = await startFakeOpenAiServer({ apiKey: 'k' });
  embedder = createEmbeddingModel({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'chat', embeddingModel: 'embed-small' }, { baseDelayMs: 10, maxDelayMs: 20 })!;
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('createEmbeddingModel', () => {
  it('is null when the provider names no embeddings model', () => {
    expect(createEmbeddingModel({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'chat' })).toBeNull();
  });

  it('embeds in batches, keeping the input order, through the SDK (base64 on the wire)', async () => {
    const texts = Array.from({ length: EMBEDDING_BATCH_SIZE + 6 }, (_, i) => `chunk number ${i} about tea`);
    const result = await embedder.embed(texts, { deadlineMs: Date.now() + 10_000 });
    expect(fake.embeddings.map((r) => r.input.length)).toEqual([EMBEDDING_BATCH_SIZE, 6]);
    expect(fake.embeddings.every((r) => r.model === 'embed-small' && r.encodingFormat === 'base64')).toBe(true);
    expect(result).toMatchObject({ model: 'embed-small', dimensions: 256, requests: 2 });
    expect(result.inputTokens).toBe(texts.length * 5);
    result.vectors.forEach((vector, i) => expect(cosine(vector, fakeEmbedding(texts[i]!))).toBeCloseTo(1, 5));
  });

  it('makes texts sharing words similar, and aliased words alike', async () => {
    fake.setEmbeddingAliases({ reimbursement: 'refund' });
    const { vectors } = await embedder.embed(['refund policy', 'reimbursement', 'opening hours'], { deadlineMs: Date.now() + 10_000 });
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(0.5);
    expect(cosine(vectors[0]!, vectors[2]!)).toBeLessThan(0.1);
  });

  it('retries a 503 within the time budget', async () => {
    fake.failEmbeddings({ status: 503 });
    const retrying = createEmbeddingModel(
      { baseUrl: fake.baseUrl, apiKey: 'k', model: 'chat', embeddingModel: 'embed-small' },
      { sleep: async () => fake.failEmbeddings(null), baseDelayMs: 10 },
    )!;
    const result = await retrying.embed(['hello'], { deadlineMs: Date.now() + 10_000 });
    expect(result.requests).toBe(2);
    expect(fake.embeddings).toHaveLength(2);
  });

  it('does not retry a request the API refuses (an empty text is invalid)', async () => {
    const error = await embedder.embed(['fine', ''], { deadlineMs: Date.now() + 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'refused', status: 400, attempts: 1 });
    expect(fake.embeddings).toHaveLength(0);
  });

  it('fails with time_budget when the deadline has passed', async () => {
    await expect(embedder.embed(['x'], { deadlineMs: Date.now() })).rejects.toMatchObject({ kind: 'time_budget' });
  });
});
