import { describe, expect, it } from 'vitest';
import { parseWorkspaceCookieValue, readWorkspaceCookie, serializeWorkspaceCookie, WORKSPACE_COOKIE } from './workspace-cookie';

const id = '019aa7c1-5a2e-7c3d-9f00-1234567890ab';

describe('workspace cookie', () => {
  it('round-trips an id through Set-Cookie and Cookie', () => {
    const setCookie = serializeWorkspaceCookie(id, false);
    const pair = setCookie.split(';')[0] ?? '';
    expect(readWorkspaceCookie(`other=1; ${pair}; last=2`)).toBe(id);
  });

  it('marks the cookie HttpOnly, Lax and Secure only when asked', () => {
    expect(serializeWorkspaceCookie(id, false)).toMatch(/HttpOnly; SameSite=Lax/);
    expect(serializeWorkspaceCookie(id, false)).not.toMatch(/Secure/);
    expect(serializeWorkspaceCookie(id, true)).toMatch(/; Secure$/);
  });

  it('ignores a missing, foreign or malformed cookie', () => {
    expect(readWorkspaceCookie(null)).toBeNull();
    expect(readWorkspaceCookie('a=b')).toBeNull();
    expect(readWorkspaceCookie(`${WORKSPACE_COOKIE}=not-a-uuid`)).toBeNull();
    expect(readWorkspaceCookie(`${WORKSPACE_COOKIE}x=${id}`)).toBeNull();
    expect(parseWorkspaceCookieValue("'; drop table")).toBeNull();
    expect(parseWorkspaceCookieValue(undefined)).toBeNull();
    expect(parseWorkspaceCookieValue(id)).toBe(id);
  });
});
