import { z } from 'zod';

/** Cookie holding the id of the workspace the user last selected. */
export const WORKSPACE_COOKIE = 'sb_workspace';

const idSchema = z.uuid();

/** Reads the selected workspace id from a Cookie header; null when absent or malformed. */
export function readWorkspaceCookie(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== WORKSPACE_COOKIE) continue;
    const parsed = idSchema.safeParse(decodeURIComponent(part.slice(eq + 1).trim()));
    return parsed.success ? parsed.data : null;
  }
  return null;
}

/** Validates a raw cookie value (as given by next/headers) the same way. */
export function parseWorkspaceCookieValue(value: string | undefined): string | null {
  const parsed = idSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A Set-Cookie value selecting `workspaceId` for a year. */
export function serializeWorkspaceCookie(workspaceId: string, secure: boolean): string {
  const attributes = [`${WORKSPACE_COOKIE}=${encodeURIComponent(workspaceId)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${60 * 60 * 24 * 365}`];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}
