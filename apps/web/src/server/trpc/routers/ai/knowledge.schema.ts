import { KNOWLEDGE_FILE_MAX_BYTES, knowledgeDocumentViewSchema, knowledgeLanguageSchema, knowledgeTitleSchema } from '@switchboard/core';
import { z } from 'zod';

const botInput = { workspaceId: z.uuid().optional(), botId: z.uuid() };

export const listKnowledgeInput = z.object(botInput);
export const listKnowledgeOutput = z.array(knowledgeDocumentViewSchema);

/** A file from the browser: base64 of its bytes (the same size cap as the REST upload, checked again on the bytes). */
export const uploadKnowledgeInput = z.object({
  ...botInput,
  name: knowledgeTitleSchema,
  language: knowledgeLanguageSchema,
  contentType: z.string().max(200),
  dataBase64: z.base64().max(Math.ceil(KNOWLEDGE_FILE_MAX_BYTES / 3) * 4, { error: `the file is larger than ${KNOWLEDGE_FILE_MAX_BYTES} bytes` }),
});
export const uploadKnowledgeOutput = z.object({ id: z.string(), chunks: z.number().int(), replaced: z.boolean(), embeddingModel: z.string().nullable() });

export const deleteKnowledgeInput = z.object({ ...botInput, documentId: z.uuid() });
export const deleteKnowledgeOutput = z.object({ deleted: z.literal(true) });
