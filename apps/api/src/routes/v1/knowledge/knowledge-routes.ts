import {
  deleteKnowledgeDocument,
  KNOWLEDGE_FILE_MAX_BYTES,
  knowledgeBotParamsSchema,
  knowledgeDocumentListSchema,
  knowledgeDocumentParamsSchema,
  knowledgeFileTypes,
  listKnowledgeDocuments,
  loadKnowledgeEmbedder,
  toKnowledgeDocumentApi,
  uploadedKnowledgeDocumentSchema,
  uploadKnowledgeDocument,
  uploadKnowledgeQuerySchema,
} from '@switchboard/core';
import type { PrismaClient, SecretBox } from '@switchboard/db';
import { defineRoute, type ApiRoute } from '../api-route';

const scopes = ['bots:write'] as const;
const tag = 'Knowledge';

/** `/api/v1/bots/{bot_id}/documents`: the documents a bot's agent (and its flows' AI steps) may quote. */
export function knowledgeRoutes(deps: { prisma: PrismaClient; secretBox: SecretBox; providerFetch: typeof fetch | undefined }): ApiRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/bots/:bot_id/documents',
      operationId: 'uploadKnowledgeDocument',
      summary: 'Upload a knowledge document',
      description:
        'The body is the file itself, with its Content-Type: text/plain or text/markdown (UTF-8), or application/pdf (reduced to its text; a scan without a text layer is refused). ' +
        'The text (≤ 500,000 characters) is cut into chunks and indexed for full-text search, in one transaction; when the workspace\'s AI provider names an embeddings model, each chunk is embedded first (if that fails, 503 `service_unavailable` and nothing is stored). Uploading the same `name` again replaces that document (200 instead of 201). ' +
        'Errors: 413 `payload_too_large` over the size cap, 415 `unsupported_media_type` for another type, 422 `unreadable_document` for a file that is not valid UTF-8, not a readable PDF, or has no text.',
      tag,
      scopes,
      params: knowledgeBotParamsSchema,
      query: uploadKnowledgeQuerySchema,
      upload: { contentTypes: knowledgeFileTypes, maxBytes: KNOWLEDGE_FILE_MAX_BYTES },
      responses: {
        201: { description: 'Stored', schema: uploadedKnowledgeDocumentSchema },
        200: { description: 'Stored, replacing the document of the same name', schema: uploadedKnowledgeDocumentSchema },
      },
      errors: ['validation_failed', 'not_found', 'unreadable_document', 'service_unavailable'],
      handle: async ({ principal, params, query, file }) => {
        const embedder = await loadKnowledgeEmbedder(deps.prisma, deps.secretBox, principal.workspaceId, deps.providerFetch);
        const stored = await uploadKnowledgeDocument(deps.prisma, {
          workspaceId: principal.workspaceId,
          botId: params.bot_id,
          title: query.name,
          language: query.language,
          contentType: file?.contentType,
          bytes: file?.bytes ?? new Uint8Array(),
        }, { embedder });
        return {
          status: stored.replaced ? 200 : 201,
          body: { id: stored.id, name: query.name, chunks: stored.chunks, replaced: stored.replaced, embedding_model: stored.embeddingModel },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/bots/:bot_id/documents',
      operationId: 'listKnowledgeDocuments',
      summary: 'List a bot\'s knowledge documents',
      tag,
      scopes,
      params: knowledgeBotParamsSchema,
      responses: { 200: { description: 'Documents, newest first, with their chunk counts (never their text)', schema: knowledgeDocumentListSchema } },
      errors: ['validation_failed', 'not_found'],
      handle: async ({ principal, params }) => ({
        status: 200,
        body: { data: (await listKnowledgeDocuments(deps.prisma, { workspaceId: principal.workspaceId, botId: params.bot_id })).map(toKnowledgeDocumentApi) },
      }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/bots/:bot_id/documents/:id',
      operationId: 'deleteKnowledgeDocument',
      summary: 'Delete a knowledge document',
      description: 'Its chunks go with it; the agent stops quoting it from the next turn.',
      tag,
      scopes,
      params: knowledgeDocumentParamsSchema,
      responses: { 204: { description: 'Deleted' } },
      errors: ['validation_failed', 'not_found'],
      handle: async ({ principal, params }) => {
        await deleteKnowledgeDocument(deps.prisma, { workspaceId: principal.workspaceId, botId: params.bot_id, documentId: params.id });
        return { status: 204 };
      },
    }),
  ];
}
