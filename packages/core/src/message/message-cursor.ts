import { AppError } from '../app-error';

/** Position in a list ordered by (created_at desc, id desc): the last row of the previous page. */
export interface MessageCursor {
  createdAt: Date;
  id: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque cursor text for a position (base64url of `<epoch ms>.<id>`); clients pass it back unchanged. */
export function encodeMessageCursor(cursor: MessageCursor): string {
  return Buffer.from(`${cursor.createdAt.getTime()}.${cursor.id}`, 'utf8').toString('base64url');
}

/** Reads a cursor made by encodeMessageCursor; anything else is a 400 naming `cursor`. */
export function decodeMessageCursor(text: string): MessageCursor {
  const invalid = () => new AppError('validation_failed', 'cursor: is not a cursor returned by this API', {
    details: [{ field: 'cursor', message: 'is not a cursor returned by this API' }],
  });
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) throw invalid();
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const separator = decoded.indexOf('.');
  const millis = Number(decoded.slice(0, separator));
  const id = decoded.slice(separator + 1);
  if (separator < 1 || !Number.isSafeInteger(millis) || millis < 0 || !uuidPattern.test(id)) throw invalid();
  const createdAt = new Date(millis);
  if (Number.isNaN(createdAt.getTime())) throw invalid();
  return { createdAt, id };
}
