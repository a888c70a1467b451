/** Drops undefined values so optional fields of a normalized event are absent, not present-but-undefined. */
export function compact<const T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
