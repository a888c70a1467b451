import type { IncomingMessage } from 'node:http';
import { multipartBoundary, parseMultipart } from '../http/multipart';
import type { SandboxNumber } from '../state/number-config';
import type { MediaItem } from '../state/media-store';
import type { SandboxServices } from '../services';
import { graphErrors, whatsappError, type GraphError } from './graph-error';

/** Path of download URLs; shaped like Meta's lookaside URLs. */
export const MEDIA_DOWNLOAD_PATH = '/whatsapp_business/attachments/';

type Result = { status: number; body: Record<string, unknown> } | { error: GraphError };

/** Meta's upload size limits by kind of media. */
function maxBytesFor(mimeType: string): number {
  if (mimeType === 'image/webp') return 500 * 1024;
  if (mimeType.startsWith('image/')) return 5 * 1024 * 1024;
  if (mimeType.startsWith('video/') || mimeType.startsWith('audio/')) return 16 * 1024 * 1024;
  return 100 * 1024 * 1024;
}

const allowedPrefixes = ['image/', 'video/', 'audio/', 'application/', 'text/'];

/** `POST /{v}/{phone-number-id}/media`: multipart `file` + `messaging_product=whatsapp` (+ `type`) → `{ id }`. */
export function uploadMedia(services: SandboxServices, number: SandboxNumber, req: IncomingMessage, raw: Buffer): Result {
  const boundary = multipartBoundary(req.headers['content-type']);
  if (boundary === null) return { error: graphErrors.invalidParameter('Upload media as multipart/form-data with a file field.') };
  let parts;
  try {
    parts = parseMultipart(raw, boundary);
  } catch (error) {
    return { error: graphErrors.invalidParameter(`Malformed multipart body: ${(error as Error).message}.`) };
  }
  const field = (name: string) => parts.find((p) => p.name === name);
  if (field('messaging_product')?.data.toString('utf8').trim() !== 'whatsapp') {
    return { error: whatsappError(400, 100, 'The parameter messaging_product is required.', 'messaging_product must be "whatsapp".') };
  }
  const file = field('file');
  if (file === undefined) return { error: whatsappError(400, 100, 'The parameter file is required.', 'Attach the media as the file field.') };
  const mimeType = (field('type')?.data.toString('utf8').trim() || file.contentType || 'application/octet-stream').toLowerCase();
  if (!allowedPrefixes.some((prefix) => mimeType.startsWith(prefix))) {
    return { error: whatsappError(400, 131053, 'Media upload error', `Unsupported media type ${mimeType}.`) };
  }
  if (file.data.length > maxBytesFor(mimeType)) {
    return { error: whatsappError(400, 131053, 'Media upload error', `File is larger than the ${maxBytesFor(mimeType)} bytes allowed for ${mimeType}.`) };
  }
  const item = services.state.media.put(
    { phone_number_id: number.phone_number_id, bytes: Buffer.from(file.data), mime_type: mimeType, filename: file.filename },
    services.state.clock.now(),
  );
  return { status: 200, body: { id: item.id } };
}

/** `GET /{v}/{media-id}` → a download URL valid for five minutes, with Meta's metadata. */
export function retrieveMedia(services: SandboxServices, item: MediaItem): Result {
  const { key, expiresAt } = services.state.media.issueUrlKey(item.id, services.state.clock.now());
  const url = new URL(MEDIA_DOWNLOAD_PATH, `${services.config.publicUrl}/`);
  url.searchParams.set('mid', item.id);
  url.searchParams.set('ext', String(Math.floor(expiresAt / 1000)));
  url.searchParams.set('hash', key);
  return {
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      url: url.toString(),
      mime_type: item.mime_type,
      sha256: item.sha256,
      file_size: String(item.bytes.length),
      id: item.id,
    },
  };
}

/** `DELETE /{v}/{media-id}` → `{ success: true }`. */
export function deleteMedia(services: SandboxServices, item: MediaItem): Result {
  services.state.media.delete(item.id);
  return { status: 200, body: { success: true } };
}
