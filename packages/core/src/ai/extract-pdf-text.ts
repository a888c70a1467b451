import { AppError } from '../app-error';

/** Pages read from one PDF; the rest is ignored (a knowledge document or a chat attachment rarely needs more). */
export const PDF_MAX_PAGES = 300;

/** True when the bytes start like a PDF file (`%PDF-`, after optional junk in the first KiB as readers allow). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/**
 * Reduces a PDF to its text with Mozilla's PDF.js (the Node "legacy" build,
 * loaded on first use so processes that never read a PDF do not pay for it):
 * pages in order, separated by a blank line, lines kept where the PDF ends
 * them. A file PDF.js cannot open (damaged, encrypted, not a PDF) is an
 * `unreadable_document` AppError; a PDF with no text layer (a scan) gives ''.
 */
export async function extractPdfText(bytes: Uint8Array, options: { maxPages?: number } = {}): Promise<{ text: string; pages: number }> {
  if (!looksLikePdf(bytes)) throw new AppError('unreadable_document', 'The file is not a PDF');
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  try {
    const pdf = await task.promise.catch((error: unknown) => {
      const name = (error as { name?: string }).name;
      const message = name === 'PasswordException' ? 'The PDF is password-protected' : 'The PDF could not be read (damaged or unsupported)';
      throw new AppError('unreadable_document', message, { cause: error });
    });
    const pages = Math.min(pdf.numPages, options.maxPages ?? PDF_MAX_PAGES);
    const texts: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      page.cleanup();
      const trimmed = text.replace(/[ \t]+\n/g, '\n').trim();
      if (trimmed !== '') texts.push(trimmed);
    }
    return { text: texts.join('\n\n'), pages: pdf.numPages };
  } finally {
    await task.destroy();
  }
}
