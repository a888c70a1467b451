import type { PrismaClient } from '@switchboard/db';
import { AppError } from '../app-error';
import { extractPdfText } from './extract-pdf-text';
import { KNOWLEDGE_FILE_MAX_BYTES, KNOWLEDGE_MAX_CHARS, knowledgeFileTypes, type KnowledgeFileType } from './knowledge-file-rules';
import { addKnowledgeDocument, requireKnowledgeBot, type KnowledgeDocumentInput, type KnowledgeWriteOptions, type StoredKnowledgeDocument } from './knowledge-documents';


const aliases: Record<string, KnowledgeFileType> = { 'text/x-markdown': 'text/markdown' };

/** The media type of a Content-Type header (`text/plain; charset=utf-8` → `text/plain`), if it is one we read. */
export function knowledgeFileType(contentType: string | undefined): KnowledgeFileType | null {
  const essence = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const type = aliases[essence] ?? essence;
  return (knowledgeFileTypes as readonly string[]).includes(type) ? (type as KnowledgeFileType) : null;
}

/**
 * The text of an uploaded knowledge file: UTF-8 text or Markdown as is, a PDF
 * reduced to its text. Errors are typed for the client: too big (413), a type
 * we do not read (415), a file that does not decode or has no text (422
 * `unreadable_document`).
 */
export async function readKnowledgeFile(input: { bytes: Uint8Array; contentType: string | undefined }): Promise<string> {
  if (input.bytes.byteLength > KNOWLEDGE_FILE_MAX_BYTES) {
    throw new AppError('payload_too_large', `The file is larger than ${KNOWLEDGE_FILE_MAX_BYTES} bytes`, { details: { max_bytes: KNOWLEDGE_FILE_MAX_BYTES } });
  }
  const type = knowledgeFileType(input.contentType);
  if (!type) {
    throw new AppError('unsupported_media_type', `Upload ${knowledgeFileTypes.join(', ')} (got ${input.contentType || 'no Content-Type'})`, {
      details: { accepted: knowledgeFileTypes },
    });
  }
  let text: string;
  if (type === 'application/pdf') {
    text = (await extractPdfText(input.bytes)).text;
    if (text.trim() === '') throw new AppError('unreadable_document', 'The PDF has no text layer (a scan?); upload its text instead');
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input.bytes);
    } catch {
      throw new AppError('unreadable_document', 'The file is not valid UTF-8 text');
    }
    if (text.trim() === '') throw new AppError('unreadable_document', 'The file has no text');
  }
  if (text.length > KNOWLEDGE_MAX_CHARS) {
    throw new AppError('payload_too_large', `The document's text is longer than ${KNOWLEDGE_MAX_CHARS} characters`, { details: { max_characters: KNOWLEDGE_MAX_CHARS } });
  }
  return text;
}

/**
 * Adds an uploaded file to a bot's knowledge (REST and dashboard): the bot is
 * checked first, the file reduced to text, the chunks embedded when the
 * options carry an embeddings model, then the document and its chunks stored
 * in one transaction, replacing a document of the same title.
 */
export async function uploadKnowledgeDocument(
  prisma: PrismaClient,
  input: { workspaceId: string; botId: string; title: string; language?: KnowledgeDocumentInput['language']; contentType: string | undefined; bytes: Uint8Array },
  options: KnowledgeWriteOptions = {},
): Promise<StoredKnowledgeDocument> {
  await requireKnowledgeBot(prisma, input.workspaceId, input.botId);
  const content = await readKnowledgeFile(input);
  return addKnowledgeDocument(prisma, { workspaceId: input.workspaceId, botId: input.botId, title: input.title, content, language: input.language }, options);
}
