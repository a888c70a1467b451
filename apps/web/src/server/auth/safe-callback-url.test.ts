import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from './safe-callback-url';

describe('safeCallbackUrl', () => {
  it('keeps same-origin paths', () => {
    expect(safeCallbackUrl('/w/demo')).toBe('/w/demo');
    expect(safeCallbackUrl('/w/demo?tab=bots')).toBe('/w/demo?tab=bots');
  });

  it('refuses anything that could leave the origin or loop', () => {
    for (const value of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/login', '/api/auth/signout', '', undefined, ['/a']]) {
      expect(safeCallbackUrl(value), String(value)).toBe('/');
    }
  });
});
