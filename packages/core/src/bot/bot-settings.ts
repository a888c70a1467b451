import { z } from 'zod';

/** Longest burst window a bot may use: messages are held this long at most before the bot answers. */
export const MAX_BURST_WINDOW_MS = 3000;

// Each field falls back to its default on its own, so one bad value in a stored
// settings object never silences a bot.
export const botSettingsSchema = z.object({
  /** Show "typing…" on the user's phone while the bot works on a turn. */
  typingIndicator: z.boolean().catch(true).default(true),
  /** Mark the user's messages read (blue ticks) when a turn starts. */
  markRead: z.boolean().catch(true).default(true),
  /** Messages arriving within this many ms of the first one are answered as one turn (0 = every message is its own turn). */
  burstWindowMs: z.number().int().min(0).max(MAX_BURST_WINDOW_MS).catch(0).default(0),
  /** Nodes one engine step may run (the engine's default when absent). */
  stepBudget: z.number().int().positive().max(10_000).optional().catch(undefined),
  /** A session waiting for input longer than this ends on the next message (the engine's default when absent). */
  sessionTimeoutMs: z.number().int().positive().optional().catch(undefined),
});

export type BotSettings = z.infer<typeof botSettingsSchema>;

/** Reads a bot's stored `settings` JSON; anything unreadable becomes the default. */
export function parseBotSettings(raw: unknown): BotSettings {
  const input = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
  return botSettingsSchema.parse(input);
}
