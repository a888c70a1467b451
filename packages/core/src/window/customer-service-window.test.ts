import { describe, expect, it } from 'vitest';
import { isWindowOpen, requiresOpenWindow } from './customer-service-window';

describe('customer service window', () => {
  const now = new Date('2026-01-01T12:00:00Z');

  it('is open only strictly before windowExpiresAt', () => {
    expect(isWindowOpen(new Date('2026-01-01T12:00:01Z'), now)).toBe(true);
    expect(isWindowOpen(new Date('2026-01-01T12:00:00Z'), now)).toBe(false);
    expect(isWindowOpen(null, now)).toBe(false);
    expect(isWindowOpen(undefined, now)).toBe(false);
  });

  it('lets templates through and nothing else', () => {
    expect(requiresOpenWindow('template')).toBe(false);
    for (const type of ['text', 'image', 'interactive', 'reaction']) expect(requiresOpenWindow(type)).toBe(true);
  });
});
