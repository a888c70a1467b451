// AI provider settings, knowledge documents and retrieval (docs/ai-agent.md).
export { parseAgentSettings } from './agent-bot-settings';
export { aiProviderInputSchema, aiProviderViewSchema, getAiProviderView, loadAiProvider, saveAiProvider, type AiProviderInput, type AiProviderView } from './ai-provider';
export { CHUNK_MAX_CHARS, chunkDocument } from './chunk-document';
export {
  addKnowledgeDocument,
  deleteKnowledgeDocument,
  knowledgeDocumentInputSchema,
  knowledgeDocumentViewSchema,
  knowledgeLanguageSchema,
  knowledgeTitleSchema,
  listKnowledgeDocuments,
  type KnowledgeDocumentInput,
  type KnowledgeDocumentView,
  type KnowledgeWriteOptions,
  type StoredKnowledgeDocument,
  DOCUMENT_EMBEDDING_BUDGET_MS,
} from './knowledge-documents';
export { extractPdfText, looksLikePdf, PDF_MAX_PAGES } from './extract-pdf-text';
export { knowledgeFileType, readKnowledgeFile, uploadKnowledgeDocument } from './upload-knowledge-document';
export { KNOWLEDGE_FILE_MAX_BYTES, KNOWLEDGE_MAX_CHARS, knowledgeFileTypes, knowledgeLanguages, type KnowledgeFileType } from './knowledge-file-rules';
export { retrieveKnowledge, type KnowledgeSnippet } from './retrieve-knowledge';
export { QUESTION_EMBEDDING_BUDGET_MS, searchKnowledge, type KnowledgeSearch } from './search-knowledge';
export { knowledgeVectorQuery, vectorLiteral } from './knowledge-vector-query';
export { hasVectorExtension } from './vector-extension';
export { loadKnowledgeEmbedder } from './load-knowledge-embedder';
export { testAiProvider, type AiProviderCheck } from './test-ai-provider';
export { loadBotAgent } from './load-bot-agent';
export { createProviderFetch } from './create-provider-fetch';
export { getBotAgentSettings, saveBotAgentSettings } from './agent-settings-store';
export {
  knowledgeBotParamsSchema,
  knowledgeDocumentApiSchema,
  knowledgeDocumentListSchema,
  knowledgeDocumentParamsSchema,
  toKnowledgeDocumentApi,
  uploadedKnowledgeDocumentSchema,
  uploadKnowledgeQuerySchema,
} from './knowledge-api-schemas';
