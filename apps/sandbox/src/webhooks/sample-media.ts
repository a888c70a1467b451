/** What a simulated user's media is when the caller sends no bytes: small but real files where cheap. */
const samples: Record<string, { mime_type: string; bytes: () => Buffer; filename?: string }> = {
  image: {
    mime_type: 'image/png',
    // A 1×1 PNG.
    bytes: () => Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
  },
  document: {
    mime_type: 'application/pdf',
    filename: 'sample.pdf',
    bytes: () =>
      Buffer.from(
        '%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
      ),
  },
  audio: { mime_type: 'audio/ogg; codecs=opus', bytes: () => Buffer.from('OggS sandbox voice note') },
  video: { mime_type: 'video/mp4', bytes: () => Buffer.from('sandbox sample video') },
  sticker: { mime_type: 'image/webp', bytes: () => Buffer.from('RIFF sandbox sticker WEBP') },
};

/** The default bytes, MIME type and file name for an inbound media type. */
export function sampleMedia(type: string): { mime_type: string; bytes: Buffer; filename?: string } {
  const sample = samples[type];
  if (sample === undefined) throw new Error(`no sample media for type ${type}`);
  const result: { mime_type: string; bytes: Buffer; filename?: string } = { mime_type: sample.mime_type, bytes: sample.bytes() };
  if (sample.filename !== undefined) result.filename = sample.filename;
  return result;
}
