/** A 0–1 rate as a percentage with one decimal, or a dash when there is nothing to measure. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** A duration in ms as the two largest units (`1 min 30 s`, `2 h 5 min`), or a dash. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** US dollars with enough decimals to show small model costs. */
export function formatUsd(value: number | null): string {
  if (value === null) return '—';
  return `$${value.toFixed(value !== 0 && value < 1 ? 4 : 2)}`;
}
