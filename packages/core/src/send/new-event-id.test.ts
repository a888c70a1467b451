import { describe, expect, it } from 'vitest';
import { newEventId } from './new-event-id';

describe('newEventId', () => {
  it('is a UUIDv7 whose first 48 bits are the Unix milliseconds', () => {
    const id = newEventId(0x0123456789ab);
    expect(id).toMatch(/^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by time and never repeats', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => newEventId(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(14))).size).toBe(1000);
  });
});
