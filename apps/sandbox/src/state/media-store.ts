import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A stored media object, uploaded by a business or sent by a simulated user. */
export interface MediaItem {
  id: string;
  /** The number the media belongs to; only its token may read or delete it. */
  phone_number_id: string;
  bytes: Buffer;
  mime_type: string;
  /** Base64 of the SHA-256 of the bytes, as Meta puts it in webhooks and media responses. */
  sha256: string;
  filename: string | null;
  created_at: number;
}

/** Meta's media URLs stop working after five minutes. */
export const MEDIA_URL_TTL_MS = 5 * 60 * 1000;

/** A numeric id in Meta's style (15–16 digits). */
export function newNumericId(): string {
  return `${randomInt(100_000, 999_999)}${randomInt(100_000_000, 999_999_999)}`;
}

/** Media bytes by id plus short-lived download URLs, evicting the oldest media past a byte budget. */
export class MediaStore {
  private readonly items = new Map<string, MediaItem>();
  private readonly urls = new Map<string, { mediaId: string; expiresAt: number }>();
  private totalBytes = 0;

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  put(input: { phone_number_id: string; bytes: Buffer; mime_type: string; filename?: string | null }, nowMs: number): MediaItem {
    const item: MediaItem = {
      id: newNumericId(),
      phone_number_id: input.phone_number_id,
      bytes: input.bytes,
      mime_type: input.mime_type,
      sha256: createHash('sha256').update(input.bytes).digest('base64'),
      filename: input.filename ?? null,
      created_at: nowMs,
    };
    this.items.set(item.id, item);
    this.totalBytes += item.bytes.length;
    for (const [id, old] of this.items) {
      if (this.totalBytes <= this.maxBytes || id === item.id) break;
      this.items.delete(id);
      this.totalBytes -= old.bytes.length;
    }
    return item;
  }

  get(id: string): MediaItem | undefined {
    return this.items.get(id);
  }

  delete(id: string): boolean {
    const item = this.items.get(id);
    if (item === undefined) return false;
    this.items.delete(id);
    this.totalBytes -= item.bytes.length;
    return true;
  }

  /** A fresh download key for the media, valid for five minutes from `nowMs`. */
  issueUrlKey(mediaId: string, nowMs: number): { key: string; expiresAt: number } {
    for (const [key, entry] of this.urls) if (entry.expiresAt < nowMs) this.urls.delete(key);
    const key = randomBytes(18).toString('base64url');
    const expiresAt = nowMs + MEDIA_URL_TTL_MS;
    this.urls.set(key, { mediaId, expiresAt });
    return { key, expiresAt };
  }

  /** The media behind a download key: `expired` once its five minutes are over. */
  resolveUrlKey(key: string, nowMs: number): { status: 'ok'; item: MediaItem } | { status: 'expired' | 'unknown' } {
    const entry = this.urls.get(key);
    if (entry === undefined) return { status: 'unknown' };
    if (nowMs > entry.expiresAt) return { status: 'expired' };
    const item = this.items.get(entry.mediaId);
    return item === undefined ? { status: 'unknown' } : { status: 'ok', item };
  }
}
