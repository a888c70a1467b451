import type { Prisma, PrismaClient } from '@switchboard/db';
import { z } from 'zod';
import { AppError } from '../app-error';
import { zodIssuesToDetails } from '../zod-issues';
import { chunkDocument } from './chunk-document';

/** Text search configurations a document may use (Postgres built-ins). */
export const knowledgeLanguages = [
  'simple', 'english', 'portuguese', 'spanish', 'french', 'german', 'italian', 'dutch', 'russian', 'turkish', 'indonesian',
] as const;

export const knowledgeDocumentInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  /** Plain text or Markdown. */
  content: z.string().min(1).max(500_000),
  language: z.enum(knowledgeLanguages).default('simple'),
});
export type KnowledgeDocumentInput = z.input<typeof knowledgeDocumentInputSchema>;

/** Stores a document for a bot and its chunks with their search vectors, in one transaction. */
export async function addKnowledgeDocument(
  prisma: PrismaClient,
  input: { workspaceId: string; botId: string } & KnowledgeDocumentInput,
): Promise<{ id: string; chunks: number }> {
  const parsed = knowledgeDocumentInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('validation_failed', 'invalid knowledge document', { details: zodIssuesToDetails(parsed.error) });
  const bot = await prisma.bot.findFirst({ where: { id: input.botId, workspaceId: input.workspaceId }, select: { id: true } });
  if (!bot) throw new AppError('not_found', 'bot not found');
  const { title, content, language } = parsed.data;
  const chunks = chunkDocument(content);
  return prisma.$transaction(async (tx) => {
    const doc = await tx.knowledgeDocument.create({ data: { workspaceId: input.workspaceId, botId: bot.id, title, content, language }, select: { id: true } });
    await insertChunks(tx, { workspaceId: input.workspaceId, botId: bot.id, documentId: doc.id, language, chunks });
    return { id: doc.id, chunks: chunks.length };
  });
}

/** Deletes a bot's document and its chunks. */
export async function deleteKnowledgeDocument(prisma: PrismaClient, input: { workspaceId: string; documentId: string }): Promise<void> {
  const { count } = await prisma.knowledgeDocument.deleteMany({ where: { id: input.documentId, workspaceId: input.workspaceId } });
  if (count === 0) throw new AppError('not_found', 'knowledge document not found');
}

async function insertChunks(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; botId: string; documentId: string; language: string; chunks: string[] },
): Promise<void> {
  // The language is one of knowledgeLanguages (checked above), so the cast cannot fail.
  for (const [seq, text] of input.chunks.entries()) {
    await tx.$executeRaw`
      INSERT INTO knowledge_chunks (id, workspace_id, document_id, bot_id, seq, text, tsv)
      VALUES (gen_random_uuid(), ${input.workspaceId}::uuid, ${input.documentId}::uuid, ${input.botId}::uuid, ${seq}, ${text},
              to_tsvector(${input.language}::regconfig, ${text}))`;
  }
}
