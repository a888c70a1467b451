import { describe, expect, it } from 'vitest';
import { parseBotSettings } from './bot-settings';

describe('parseBotSettings', () => {
  it('defaults to read receipts, typing and no burst window', () => {
    expect(parseBotSettings({})).toEqual({ typingIndicator: true, markRead: true, burstWindowMs: 0 });
    expect(parseBotSettings(null)).toEqual({ typingIndicator: true, markRead: true, burstWindowMs: 0 });
  });

  it('keeps valid values and replaces each invalid one with its default', () => {
    expect(parseBotSettings({ typingIndicator: false, markRead: 'yes', burstWindowMs: 1500 })).toEqual({ typingIndicator: false, markRead: true, burstWindowMs: 1500 });
    expect(parseBotSettings({ burstWindowMs: 3001 }).burstWindowMs).toBe(0);
    expect(parseBotSettings({ burstWindowMs: 3000, stepBudget: 10 })).toMatchObject({ burstWindowMs: 3000, stepBudget: 10 });
  });
});
