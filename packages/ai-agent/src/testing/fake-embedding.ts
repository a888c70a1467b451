// The fake server's embeddings: a hashed bag of words, so texts that share
// words are similar and texts that share none are (almost) orthogonal.
// Aliases let a test declare two different words the same "meaning".

/** Default vector length of the fake's embeddings. */
export const FAKE_EMBEDDING_DIMENSIONS = 256;

function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(word)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The deterministic unit vector the fake answers for a text: each word
 * (lower-cased, mapped through `aliases`) adds one to the bucket its hash
 * picks. A text without words gets the first axis.
 */
export function fakeEmbedding(text: string, options: { dimensions?: number; aliases?: Record<string, string> } = {}): number[] {
  const dimensions = options.dimensions ?? FAKE_EMBEDDING_DIMENSIONS;
  const vector = new Array<number>(dimensions).fill(0);
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const word = options.aliases?.[raw] ?? raw;
    vector[fnv1a(word) % dimensions]! += 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  return vector.map((x) => x / norm);
}

/** A valid `/embeddings` body as the fake reads it. */
export interface FakeEmbeddingBody {
  model: string;
  input: string[];
  encodingFormat: 'float' | 'base64';
  dimensions: number | undefined;
}

/**
 * Checks an `/embeddings` body the way OpenAI's API does (model, input as a
 * string or 1–2,048 non-empty strings, encoding_format, dimensions); returns
 * the error message a 400 would carry, or the body. Token-array inputs are
 * not supported by the fake.
 */
export function parseFakeEmbeddingBody(body: unknown): FakeEmbeddingBody | string {
  if (typeof body !== 'object' || body === null) return 'We could not parse the JSON body of your request.';
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model === '') return 'you must provide a model parameter';
  const input = typeof b.input === 'string' ? [b.input] : b.input;
  if (!Array.isArray(input) || input.length === 0 || input.length > 2048) return "'input' must be a string or an array of 1 to 2048 strings";
  if (!input.every((t): t is string => typeof t === 'string' && t !== '')) return "'$.input' is invalid: every item must be a non-empty string";
  const format = b.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') return `'${String(format)}' is not one of ['float', 'base64'] - 'encoding_format'`;
  if (b.dimensions !== undefined && (!Number.isInteger(b.dimensions) || (b.dimensions as number) < 1)) return "'dimensions' must be a positive integer";
  return { model: b.model, input, encodingFormat: format, dimensions: b.dimensions as number | undefined };
}

/** A vector as OpenAI's `encoding_format: base64` sends it: little-endian float32 bytes. */
export function encodeFloat32Base64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => bytes.writeFloatLE(x, i * 4));
  return bytes.toString('base64');
}
