/**
 * A same-origin path to return to after sign-in; anything else becomes "/".
 * Absolute or protocol-relative URLs would turn the login page into an open redirect.
 */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/login') || value.startsWith('/api/')) return '/';
  return value;
}
