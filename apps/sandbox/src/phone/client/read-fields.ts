/** Safe readers for message JSON whose shape the page does not control. */
export type Json = Record<string, unknown>;

export function obj(value: unknown, key?: string): Json | undefined {
  const target = key === undefined ? value : (value as Json | undefined)?.[key];
  return typeof target === 'object' && target !== null && !Array.isArray(target) ? (target as Json) : undefined;
}

export function str(value: unknown, key: string): string | undefined {
  const target = (value as Json | undefined)?.[key];
  return typeof target === 'string' ? target : typeof target === 'number' ? String(target) : undefined;
}

export function list(value: unknown, key: string): Json[] {
  const target = (value as Json | undefined)?.[key];
  return Array.isArray(target) ? target.filter((item): item is Json => typeof item === 'object' && item !== null) : [];
}
