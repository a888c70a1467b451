// Browser-safe (no imports): the dashboard's upload form reads the same rules
// the server enforces, through `@switchboard/core/knowledge-file-rules`.

/** Text search configurations a document may use (Postgres built-ins). */
export const knowledgeLanguages = [
  'simple', 'english', 'portuguese', 'spanish', 'french', 'german', 'italian', 'dutch', 'russian', 'turkish', 'indonesian',
] as const;

/** Largest uploaded file, in bytes (REST body and dashboard upload alike). */
export const KNOWLEDGE_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** Longest document text, in characters (after a PDF is reduced to text). */
export const KNOWLEDGE_MAX_CHARS = 500_000;

/** Media types a knowledge file may have; Markdown is stored as written (its headings guide chunking). */
export const knowledgeFileTypes = ['text/plain', 'text/markdown', 'application/pdf'] as const;
export type KnowledgeFileType = (typeof knowledgeFileTypes)[number];
