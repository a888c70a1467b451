/** The chunks of a response body as one array of its own (chunks may be views over a larger socket buffer). */
export function joinChunks(chunks: Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** What a call rejects with when the response body passes its `maxBytes`. */
export function bodyTooLarge(maxBytes: number): RangeError {
  return new RangeError(`response body is over the ${maxBytes}-byte limit`);
}
