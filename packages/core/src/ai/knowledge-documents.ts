import { ModelCallError, type EmbeddingModel, type Embeddings } from '@switchboard/ai-agent';
import type { Prisma, PrismaClient } from '@switchboard/db';
import { z } from 'zod';
import { AppError } from '../app-error';
import { zodIssuesToDetails } from '../zod-issues';
import { chunkDocument } from './chunk-document';
import { KNOWLEDGE_MAX_CHARS, knowledgeLanguages } from './knowledge-file-rules';
import { vectorLiteral } from './knowledge-vector-query';

/** Time for embedding one document's chunks at upload, retries included. */
export const DOCUMENT_EMBEDDING_BUDGET_MS = 60_000;

export const knowledgeTitleSchema = z.string().trim().min(1).max(200);
export const knowledgeLanguageSchema = z.enum(knowledgeLanguages).default('simple');

export const knowledgeDocumentInputSchema = z.object({
  /** The document's name; a bot has one document per name (adding the same name again replaces it). */
  title: knowledgeTitleSchema,
  /** Plain text or Markdown. */
  content: z.string().min(1).max(KNOWLEDGE_MAX_CHARS),
  language: knowledgeLanguageSchema,
});
export type KnowledgeDocumentInput = z.input<typeof knowledgeDocumentInputSchema>;

/** A document as lists show it (never its content). */
export const knowledgeDocumentViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  language: z.string(),
  characters: z.number().int(),
  chunks: z.number().int(),
  /** The embeddings model its chunks were embedded with at upload (null: none; retrieval by full-text search only). */
  embeddingModel: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type KnowledgeDocumentView = z.infer<typeof knowledgeDocumentViewSchema>;

/** What storing a document did: its id, its chunk count, whether it replaced one of the same name, and the embeddings model its chunks were embedded with (null: none). */
export interface StoredKnowledgeDocument {
  id: string;
  chunks: number;
  replaced: boolean;
  embeddingModel: string | null;
}

/** How a document is stored: with an embeddings model, each chunk is embedded before the transaction. */
export interface KnowledgeWriteOptions {
  embedder?: EmbeddingModel | null;
  now?: () => number;
}

/** The bot, in this workspace, or `not_found`. */
export async function requireKnowledgeBot(prisma: PrismaClient, workspaceId: string, botId: string): Promise<void> {
  const bot = await prisma.bot.findFirst({ where: { id: botId, workspaceId }, select: { id: true } });
  if (!bot) throw new AppError('not_found', 'bot not found');
}

/**
 * Stores a document for a bot and its chunks with their search vectors, in
 * one transaction. A document of the same title is replaced (the two writes
 * of one title are serialized by an advisory lock, so neither is lost half-way).
 * With an embeddings model the chunks are embedded first (batched, retried
 * within `DOCUMENT_EMBEDDING_BUDGET_MS`); if that fails nothing is stored
 * (`service_unavailable`).
 */
export async function addKnowledgeDocument(
  prisma: PrismaClient,
  input: { workspaceId: string; botId: string } & KnowledgeDocumentInput,
  options: KnowledgeWriteOptions = {},
): Promise<StoredKnowledgeDocument> {
  const parsed = knowledgeDocumentInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('validation_failed', 'invalid knowledge document', { details: zodIssuesToDetails(parsed.error) });
  await requireKnowledgeBot(prisma, input.workspaceId, input.botId);
  const { title, content, language } = parsed.data;
  const chunks = chunkDocument(content);
  if (chunks.length === 0) throw new AppError('validation_failed', 'the document has no text', { details: [{ field: 'content', message: 'no text' }] });
  const embeddings = options.embedder ? await embedChunks(options.embedder, chunks, options.now ?? Date.now) : null;
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`knowledge:${input.botId}:${title}`}, 0))`;
      const { count } = await tx.knowledgeDocument.deleteMany({ where: { workspaceId: input.workspaceId, botId: input.botId, title } });
      const doc = await tx.knowledgeDocument.create({ data: { workspaceId: input.workspaceId, botId: input.botId, title, content, language }, select: { id: true } });
      await insertChunks(tx, { workspaceId: input.workspaceId, botId: input.botId, documentId: doc.id, language, chunks, embeddings });
      return { id: doc.id, chunks: chunks.length, replaced: count > 0, embeddingModel: embeddings?.model ?? null };
    },
    { timeout: 30_000 },
  );
}

/** A bot's documents with their chunk counts, newest first. */
export async function listKnowledgeDocuments(prisma: PrismaClient, input: { workspaceId: string; botId: string }): Promise<KnowledgeDocumentView[]> {
  await requireKnowledgeBot(prisma, input.workspaceId, input.botId);
  const rows = await prisma.$queryRaw<{ id: string; title: string; language: string; characters: number; chunks: number; embedding_model: string | null; created_at: Date; updated_at: Date }[]>`
    SELECT d.id::text, d.title, d.language, length(d.content)::int AS characters,
           (SELECT count(*)::int FROM knowledge_chunks c WHERE c.document_id = d.id) AS chunks,
           (SELECT max(c.embedding_model) FROM knowledge_chunks c WHERE c.document_id = d.id) AS embedding_model, d.created_at, d.updated_at
    FROM knowledge_documents d
    WHERE d.workspace_id = ${input.workspaceId}::uuid AND d.bot_id = ${input.botId}::uuid
    ORDER BY d.created_at DESC, d.id DESC`;
  return rows.map((r) => ({ id: r.id, title: r.title, language: r.language, characters: r.characters, chunks: r.chunks, embeddingModel: r.embedding_model, createdAt: r.created_at, updatedAt: r.updated_at }));
}

/** Deletes a bot's document and its chunks (`not_found` when it is not this bot's). */
export async function deleteKnowledgeDocument(prisma: PrismaClient, input: { workspaceId: string; botId: string; documentId: string }): Promise<void> {
  const { count } = await prisma.knowledgeDocument.deleteMany({ where: { id: input.documentId, botId: input.botId, workspaceId: input.workspaceId } });
  if (count === 0) throw new AppError('not_found', 'knowledge document not found');
}

// The provider's failure becomes a 503 the client may retry; nothing is written before this succeeds.
async function embedChunks(embedder: EmbeddingModel, chunks: string[], now: () => number): Promise<Embeddings> {
  try {
    return await embedder.embed(chunks, { deadlineMs: now() + DOCUMENT_EMBEDDING_BUDGET_MS });
  } catch (error) {
    const reason = error instanceof ModelCallError ? error.message : (error as Error).message;
    throw new AppError('service_unavailable', `The embeddings model ${embedder.model} failed, so nothing was stored: ${reason}`.slice(0, 400), {
      details: { embedding_model: embedder.model, ...(error instanceof ModelCallError ? { kind: error.kind } : {}) },
    });
  }
}

async function insertChunks(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; botId: string; documentId: string; language: string; chunks: string[]; embeddings: Embeddings | null },
): Promise<void> {
  // One statement for all chunks; embeddings travel as real[] literals ('' when there are none).
  // The language is one of knowledgeLanguages (checked above), so the cast cannot fail.
  const vectors = input.chunks.map((_, i) => (input.embeddings ? vectorLiteral(input.embeddings.vectors[i]!) : ''));
  await tx.$executeRaw`
    INSERT INTO knowledge_chunks (id, workspace_id, document_id, bot_id, seq, text, tsv, embedding, embedding_model, embedding_dims)
    SELECT gen_random_uuid(), ${input.workspaceId}::uuid, ${input.documentId}::uuid, ${input.botId}::uuid, (t.ord - 1)::int, t.text,
           to_tsvector(${input.language}::regconfig, t.text),
           NULLIF(t.vector, '')::real[], ${input.embeddings?.model ?? null}::text, ${input.embeddings?.dimensions ?? null}::int
    FROM unnest(${input.chunks}::text[], ${vectors}::text[]) WITH ORDINALITY AS t(text, vector, ord)`;
}
