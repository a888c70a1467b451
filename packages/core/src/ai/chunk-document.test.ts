import { describe, expect, it } from 'vitest';
import { chunkDocument } from './chunk-document';

describe('chunkDocument', () => {
  it('packs paragraphs under their Markdown headings', () => {
    const doc = '# Shop\n\nWe sell tea.\n\nAnd cups.\n\n## Hours\n\nOpen 9 to 5.\n\n# Returns\n\n30 days.';
    expect(chunkDocument(doc)).toEqual(['Shop\nWe sell tea.\n\nAnd cups.', 'Shop › Hours\nOpen 9 to 5.', 'Returns\n30 days.']);
  });

  it('starts a new chunk when the next paragraph would not fit, and cuts long paragraphs at sentences', () => {
    const sentence = 'This sentence is exactly forty chars ok. ';
    const long = sentence.repeat(20).trim();
    const chunks = chunkDocument(`${'a'.repeat(150)}\n\n${long}`, 300);
    expect(chunks.every((c) => c.length <= 300)).toBe(true);
    expect(chunks[0]).toBe('a'.repeat(150));
    expect(chunks.slice(1).join(' ').replace(/\s+/g, ' ')).toBe(long);
  });

  it('cuts a text without sentence ends, and ignores empty input', () => {
    expect(chunkDocument('x'.repeat(450), 200)).toEqual(['x'.repeat(200), 'x'.repeat(200), 'x'.repeat(50)]);
    expect(chunkDocument('\n\n  \n')).toEqual([]);
  });
});
