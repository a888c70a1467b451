/**
 * Meta accepts free-form messages only within 24 hours of the contact's last
 * inbound message (the customer service window); outside it, only approved
 * templates are delivered. The inbound pipeline keeps
 * `Conversation.windowExpiresAt`; this module only reads it.
 */

/** Message types Meta delivers whether or not the customer service window is open. */
export const WINDOW_EXEMPT_TYPES: ReadonlySet<string> = new Set(['template']);

/** True while the conversation's customer service window is open at `now`. */
export function isWindowOpen(windowExpiresAt: Date | null | undefined, now: Date): boolean {
  return windowExpiresAt != null && windowExpiresAt.getTime() > now.getTime();
}

/** True when a message of `type` needs an open window to be delivered. */
export function requiresOpenWindow(type: string): boolean {
  return !WINDOW_EXEMPT_TYPES.has(type);
}
