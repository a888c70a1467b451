import { describe, expect, it } from 'vitest';
import { isAppError } from '../app-error';
import { decodeMessageCursor, encodeMessageCursor } from './message-cursor';

describe('message cursor', () => {
  const position = { createdAt: new Date('2026-03-04T05:06:07.089Z'), id: '019a1b2c-3d4e-7f00-8a9b-0c1d2e3f4a5b' };

  it('round-trips a position and is URL-safe', () => {
    const text = encodeMessageCursor(position);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeMessageCursor(text)).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['no separator', Buffer.from('12345').toString('base64url')],
    ['bad id', Buffer.from('12345.not-a-uuid').toString('base64url')],
    ['bad time', Buffer.from(`abc.${position.id}`).toString('base64url')],
    ['negative time', Buffer.from(`-5.${position.id}`).toString('base64url')],
    ['out of Date range', Buffer.from(`9007199254740991.${position.id}`).toString('base64url')],
    ['too long', 'A'.repeat(500)],
  ])('rejects a cursor that is %s with a 400 naming the field', (_label, text) => {
    try {
      decodeMessageCursor(text);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error)).toBe(true);
      expect((error as { httpStatus: number }).httpStatus).toBe(400);
      expect((error as Error).message).toMatch(/^cursor:/);
    }
  });
});
