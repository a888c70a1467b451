import { z } from 'zod';
import { knowledgeLanguageSchema, knowledgeTitleSchema, type KnowledgeDocumentView } from './knowledge-documents';

const id = z.uuid({ error: 'must be an id returned by this API' });

/** `/api/v1/bots/{bot_id}/documents` path. */
export const knowledgeBotParamsSchema = z.object({ bot_id: id });
/** `/api/v1/bots/{bot_id}/documents/{id}` path. */
export const knowledgeDocumentParamsSchema = z.object({ bot_id: id, id });

/** `POST /api/v1/bots/{bot_id}/documents` query; the file itself is the request body. */
export const uploadKnowledgeQuerySchema = z.object({
  name: knowledgeTitleSchema.describe('The document\'s name, e.g. its file name; uploading the same name again replaces that document'),
  language: knowledgeLanguageSchema.describe('Postgres text search configuration used to index and search it (stemming); default simple'),
});

/** `POST /api/v1/bots/{bot_id}/documents` answer. */
export const uploadedKnowledgeDocumentSchema = z.object({
  id: z.string(),
  name: z.string(),
  chunks: z.number().int().describe('Retrievable pieces the text was cut into'),
  replaced: z.boolean().describe('True when a document of the same name was replaced'),
  embedding_model: z.string().nullable().describe('The embeddings model its chunks were embedded with (null: the workspace\'s AI provider names none; full-text search only)'),
});

/** One document of a bot, without its text. */
export const knowledgeDocumentApiSchema = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  characters: z.number().int(),
  chunks: z.number().int(),
  embedding_model: z.string().nullable(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export const knowledgeDocumentListSchema = z.object({ data: z.array(knowledgeDocumentApiSchema) });

/** A document view in the API's snake_case. */
export function toKnowledgeDocumentApi(view: KnowledgeDocumentView): z.infer<typeof knowledgeDocumentApiSchema> {
  return {
    id: view.id,
    name: view.title,
    language: view.language,
    characters: view.characters,
    chunks: view.chunks,
    embedding_model: view.embeddingModel,
    created_at: view.createdAt.toISOString(),
    updated_at: view.updatedAt.toISOString(),
  };
}
