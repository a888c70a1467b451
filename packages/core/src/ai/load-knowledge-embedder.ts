import { createEmbeddingModel, type EmbeddingModel } from '@switchboard/ai-agent';
import type { Prisma, PrismaClient, SecretBox } from '@switchboard/db';
import { loadAiProvider } from './ai-provider';

/**
 * The embeddings model of the workspace's provider, reached through `fetch`
 * (the caller's SSRF-guarded one), or null when there is no provider or it
 * names no embeddings model (knowledge is then full-text search only).
 */
export async function loadKnowledgeEmbedder(
  db: PrismaClient | Prisma.TransactionClient,
  secretBox: SecretBox,
  workspaceId: string,
  fetch: typeof globalThis.fetch | undefined,
): Promise<EmbeddingModel | null> {
  const provider = await loadAiProvider(db, secretBox, workspaceId);
  return provider ? createEmbeddingModel({ ...provider, ...(fetch ? { fetch } : {}) }) : null;
}
