import type { Prisma, PrismaClient } from '@switchboard/db';
import { z } from 'zod';
import { AppError } from '../app-error';
import { zodIssuesToDetails } from '../zod-issues';
import { chunkDocument } from './chunk-document';
import { KNOWLEDGE_MAX_CHARS, knowledgeLanguages } from './knowledge-file-rules';


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
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type KnowledgeDocumentView = z.infer<typeof knowledgeDocumentViewSchema>;

/** What storing a document did: its id, its chunk count, and whether it replaced one of the same name. */
export interface StoredKnowledgeDocument {
  id: string;
  chunks: number;
  replaced: boolean;
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
 */
export async function addKnowledgeDocument(
  prisma: PrismaClient,
  input: { workspaceId: string; botId: string } & KnowledgeDocumentInput,
): Promise<StoredKnowledgeDocument> {
  const parsed = knowledgeDocumentInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('validation_failed', 'invalid knowledge document', { details: zodIssuesToDetails(parsed.error) });
  await requireKnowledgeBot(prisma, input.workspaceId, input.botId);
  const { title, content, language } = parsed.data;
  const chunks = chunkDocument(content);
  if (chunks.length === 0) throw new AppError('validation_failed', 'the document has no text', { details: [{ field: 'content', message: 'no text' }] });
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`knowledge:${input.botId}:${title}`}, 0))`;
      const { count } = await tx.knowledgeDocument.deleteMany({ where: { workspaceId: input.workspaceId, botId: input.botId, title } });
      const doc = await tx.knowledgeDocument.create({ data: { workspaceId: input.workspaceId, botId: input.botId, title, content, language }, select: { id: true } });
      await insertChunks(tx, { workspaceId: input.workspaceId, botId: input.botId, documentId: doc.id, language, chunks });
      return { id: doc.id, chunks: chunks.length, replaced: count > 0 };
    },
    { timeout: 30_000 },
  );
}

/** A bot's documents with their chunk counts, newest first. */
export async function listKnowledgeDocuments(prisma: PrismaClient, input: { workspaceId: string; botId: string }): Promise<KnowledgeDocumentView[]> {
  await requireKnowledgeBot(prisma, input.workspaceId, input.botId);
  const rows = await prisma.$queryRaw<{ id: string; title: string; language: string; characters: number; chunks: number; created_at: Date; updated_at: Date }[]>`
    SELECT d.id::text, d.title, d.language, length(d.content)::int AS characters,
           (SELECT count(*)::int FROM knowledge_chunks c WHERE c.document_id = d.id) AS chunks, d.created_at, d.updated_at
    FROM knowledge_documents d
    WHERE d.workspace_id = ${input.workspaceId}::uuid AND d.bot_id = ${input.botId}::uuid
    ORDER BY d.created_at DESC, d.id DESC`;
  return rows.map((r) => ({ id: r.id, title: r.title, language: r.language, characters: r.characters, chunks: r.chunks, createdAt: r.created_at, updatedAt: r.updated_at }));
}

/** Deletes a bot's document and its chunks (`not_found` when it is not this bot's). */
export async function deleteKnowledgeDocument(prisma: PrismaClient, input: { workspaceId: string; botId: string; documentId: string }): Promise<void> {
  const { count } = await prisma.knowledgeDocument.deleteMany({ where: { id: input.documentId, botId: input.botId, workspaceId: input.workspaceId } });
  if (count === 0) throw new AppError('not_found', 'knowledge document not found');
}

async function insertChunks(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; botId: string; documentId: string; language: string; chunks: string[] },
): Promise<void> {
  // One statement for all chunks. The language is one of knowledgeLanguages (checked above), so the cast cannot fail.
  await tx.$executeRaw`
    INSERT INTO knowledge_chunks (id, workspace_id, document_id, bot_id, seq, text, tsv)
    SELECT gen_random_uuid(), ${input.workspaceId}::uuid, ${input.documentId}::uuid, ${input.botId}::uuid, (t.ord - 1)::int, t.text,
           to_tsvector(${input.language}::regconfig, t.text)
    FROM unnest(${input.chunks}::text[]) WITH ORDINALITY AS t(text, ord)`;
}
