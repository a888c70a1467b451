import { ModelCallError, type EmbeddingModel } from '@switchboard/ai-agent';
import type { Prisma, PrismaClient } from '@switchboard/db';
import { knowledgeVectorQuery, vectorLiteral } from './knowledge-vector-query';
import { retrieveKnowledge, type KnowledgeSnippet } from './retrieve-knowledge';
import { hasVectorExtension } from './vector-extension';

/** Time for embedding a question at answer time, retries included (the turn's own budget starts after). */
export const QUESTION_EMBEDDING_BUDGET_MS = 5_000;

/** What a knowledge search found and how: `vector` (embeddings, pgvector or plain SQL) or `fts`. */
export interface KnowledgeSearch {
  snippets: KnowledgeSnippet[];
  method: 'vector' | 'fts';
  /** Set when an embeddings model is configured and the bot has chunks embedded with it, but full-text search ran instead: why. */
  fallback?: string;
  /** `pgvector` or `sql`: how the cosine was computed (vector searches only). */
  cosine?: 'pgvector' | 'sql';
}

/**
 * The bot's knowledge for a question. Without an embeddings model, or when
 * none of the bot's chunks is embedded with the configured one, Postgres
 * full-text search (`retrieveKnowledge`). Otherwise the question is embedded
 * and chunks embedded with that model are ranked by cosine similarity
 * (pgvector's `<=>` when the extension is installed, plain SQL otherwise);
 * if embedding the question fails, full-text search runs and `fallback` says why.
 */
export async function searchKnowledge(
  db: PrismaClient | Prisma.TransactionClient,
  embedder: EmbeddingModel | null,
  input: { workspaceId: string; botId: string; question: string; limit: number; now?: () => number },
): Promise<KnowledgeSearch> {
  const fts = async (fallback?: string): Promise<KnowledgeSearch> => ({
    snippets: await retrieveKnowledge(db, input),
    method: 'fts',
    ...(fallback ? { fallback } : {}),
  });
  if (!embedder || input.limit <= 0 || input.question.trim() === '') return fts();
  // The length the bot's chunks were embedded at with this model (most chunks win if it changed).
  const stored = await db.$queryRaw<{ dims: number }[]>`
    SELECT embedding_dims AS dims FROM knowledge_chunks
    WHERE workspace_id = ${input.workspaceId}::uuid AND bot_id = ${input.botId}::uuid AND embedding_model = ${embedder.model}
    GROUP BY embedding_dims ORDER BY count(*) DESC LIMIT 1`;
  const dims = stored[0]?.dims;
  if (dims === undefined) return fts();
  let vector: number[];
  try {
    const now = input.now ?? Date.now;
    const embedded = await embedder.embed([input.question], { deadlineMs: now() + QUESTION_EMBEDDING_BUDGET_MS });
    vector = embedded.vectors[0]!;
  } catch (error) {
    const reason = error instanceof ModelCallError ? `${error.kind}: ${error.message}` : (error as Error).message;
    return fts(`embedding the question failed (${reason.slice(0, 200)})`);
  }
  if (vector.length !== dims) return fts(`the question's embedding has ${vector.length} dimensions, the chunks ${dims}`);
  const pgvector = await hasVectorExtension(db);
  const rows = await db.$queryRawUnsafe<{ title: string; text: string; similarity: number | null }[]>(
    knowledgeVectorQuery(pgvector),
    input.workspaceId,
    input.botId,
    embedder.model,
    dims,
    vectorLiteral(vector),
    input.limit,
  );
  return {
    snippets: rows.map((r) => ({ title: r.title, text: r.text, rank: Number(r.similarity ?? 0) })),
    method: 'vector',
    cosine: pgvector ? 'pgvector' : 'sql',
  };
}
