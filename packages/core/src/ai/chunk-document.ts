/** Longest chunk, in characters: a few of them fit a prompt comfortably. */
export const CHUNK_MAX_CHARS = 1_200;

/**
 * Splits a text or Markdown document into retrievable chunks: paragraphs are
 * packed up to `maxChars`, a paragraph longer than that is cut at sentence
 * (else word) boundaries, and each chunk starts with the Markdown headings it
 * sits under, so a chunk found alone still says what it is about.
 */
export function chunkDocument(content: string, maxChars = CHUNK_MAX_CHARS): string[] {
  const chunks: string[] = [];
  const headings: string[] = [];
  let current = '';
  let currentContext = '';
  const flush = () => {
    if (current.trim() !== '') chunks.push(currentContext ? `${currentContext}\n${current.trim()}` : current.trim());
    current = '';
  };
  const blocks = content.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  for (const raw of blocks) {
    const block = raw.trim();
    if (block === '') continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(block.split('\n')[0] ?? '');
    if (heading && block.split('\n').length === 1) {
      flush();
      const level = heading[1]!.length;
      headings.splice(level - 1);
      headings[level - 1] = heading[2]!.trim();
      continue;
    }
    const context = headings.filter(Boolean).join(' › ');
    if (context !== currentContext) {
      flush();
      currentContext = context;
    }
    const budget = Math.max(200, maxChars - context.length - 1);
    for (const piece of splitLong(block, budget)) {
      if (current !== '' && current.length + piece.length + 2 > budget) flush();
      current = current === '' ? piece : `${current}\n\n${piece}`;
    }
  }
  flush();
  return chunks;
}

function splitLong(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const sentences = text.match(/[^.!?\n]+[.!?]*\s*/g) ?? [text];
  const out: string[] = [];
  let part = '';
  for (const sentence of sentences) {
    if (sentence.length > max) {
      if (part) out.push(part.trim());
      part = '';
      for (let i = 0; i < sentence.length; i += max) out.push(sentence.slice(i, i + max).trim());
      continue;
    }
    if (part.length + sentence.length > max) {
      out.push(part.trim());
      part = '';
    }
    part += sentence;
  }
  if (part.trim()) out.push(part.trim());
  return out.filter(Boolean);
}
