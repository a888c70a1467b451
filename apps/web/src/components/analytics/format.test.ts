import { describe, expect, it } from 'vitest';
import { formatDuration, formatRate, formatUsd } from './format';

describe('analytics formatting', () => {
  it('shows rates, durations and costs the way the page reads them', () => {
    expect(formatRate(0.6)).toBe('60.0%');
    expect(formatRate(null)).toBe('—');
    expect(formatDuration(90_000)).toBe('1 min 30 s');
    expect(formatDuration(45_400)).toBe('45 s');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
    expect(formatDuration(null)).toBe('—');
    expect(formatUsd(0.0054)).toBe('$0.0054');
    expect(formatUsd(12.5)).toBe('$12.50');
  });
});
