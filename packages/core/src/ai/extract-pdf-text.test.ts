import { describe, expect, it } from 'vitest';
import { buildTestPdf } from '../testing/build-test-pdf';
import { extractPdfText } from './extract-pdf-text';
import { KNOWLEDGE_FILE_MAX_BYTES } from './knowledge-file-rules';
import { knowledgeFileType, readKnowledgeFile } from './upload-knowledge-document';

const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { code?: string }) => error.code);

describe('extractPdfText', () => {
  it('reads every page of a real PDF, in order, keeping its lines', async () => {
    const pdf = buildTestPdf([['Opening hours (all shops)', 'Monday to Friday 9-18'], ['Returns are free for 30 days.']]);
    expect(await extractPdfText(pdf)).toEqual({ text: 'Opening hours (all shops)\nMonday to Friday 9-18\n\nReturns are free for 30 days.', pages: 2 });
    // PDF.js detaches the buffer it reads: the caller's bytes stay usable.
    expect(pdf.byteLength).toBeGreaterThan(0);
    expect((await extractPdfText(pdf)).pages).toBe(2);
  });

  it('stops at maxPages', async () => {
    const pdf = buildTestPdf([['one'], ['two'], ['three']]);
    expect(await extractPdfText(pdf, { maxPages: 2 })).toEqual({ text: 'one\n\ntwo', pages: 3 });
  });

  it('refuses what is not a PDF, or a damaged one, as unreadable_document', async () => {
    expect(await codeOf(extractPdfText(new TextEncoder().encode('hello, not a pdf')))).toBe('unreadable_document');
    const pdf = buildTestPdf([['x']]);
    expect(await codeOf(extractPdfText(pdf.subarray(0, 40)))).toBe('unreadable_document');
  });
});

describe('readKnowledgeFile', () => {
  const text = (s: string) => new TextEncoder().encode(s);

  it('reads UTF-8 text and Markdown as written, and PDFs as their text', async () => {
    expect(await readKnowledgeFile({ bytes: text('\uFEFFChá verde'), contentType: 'text/plain; charset=utf-8' })).toBe('Chá verde');
    expect(await readKnowledgeFile({ bytes: text('# FAQ\n\nYes.'), contentType: 'text/markdown' })).toBe('# FAQ\n\nYes.');
    expect(await readKnowledgeFile({ bytes: buildTestPdf([['Hello PDF']]), contentType: 'application/pdf' })).toBe('Hello PDF');
  });

  it('answers each bad file with its own code', async () => {
    expect(await codeOf(readKnowledgeFile({ bytes: text('x'), contentType: 'image/png' }))).toBe('unsupported_media_type');
    expect(await codeOf(readKnowledgeFile({ bytes: text('x'), contentType: undefined }))).toBe('unsupported_media_type');
    expect(await codeOf(readKnowledgeFile({ bytes: new Uint8Array(KNOWLEDGE_FILE_MAX_BYTES + 1), contentType: 'text/plain' }))).toBe('payload_too_large');
    expect(await codeOf(readKnowledgeFile({ bytes: new Uint8Array([0xff, 0xfe, 0x41]), contentType: 'text/plain' }))).toBe('unreadable_document');
    expect(await codeOf(readKnowledgeFile({ bytes: text('  \n '), contentType: 'text/plain' }))).toBe('unreadable_document');
    expect(await codeOf(readKnowledgeFile({ bytes: text('just text'), contentType: 'application/pdf' }))).toBe('unreadable_document');
    expect(await codeOf(readKnowledgeFile({ bytes: buildTestPdf([[]]), contentType: 'application/pdf' }))).toBe('unreadable_document');
    expect(await codeOf(readKnowledgeFile({ bytes: text('a'.repeat(500_001)), contentType: 'text/plain' }))).toBe('payload_too_large');
  });

  it('knows the media types it reads', () => {
    expect(knowledgeFileType('Text/X-Markdown; charset=UTF-8')).toBe('text/markdown');
    expect(knowledgeFileType('application/octet-stream')).toBeNull();
  });
});
