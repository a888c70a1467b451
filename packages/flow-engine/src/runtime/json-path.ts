import type { JsonValue } from '../json-value';

export type JsonPathSegment = string | number;

/**
 * Parses a simple JSON path: `$`, `$.a.b`, `$.items[0].name`, `$['odd key']`, or the same without `$`.
 * Returns the segments, or a message saying what is wrong.
 */
export function parseJsonPath(path: string): JsonPathSegment[] | string {
  let rest = path.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  const segments: JsonPathSegment[] = [];
  let first = true;
  while (rest.length > 0) {
    let match: RegExpExecArray | null;
    if ((match = /^\.?([A-Za-z_$][A-Za-z0-9_$-]*)/.exec(rest)) && (first || rest.startsWith('.'))) {
      segments.push(match[1] as string);
    } else if ((match = /^\[(\d{1,6})\]/.exec(rest))) {
      segments.push(Number(match[1]));
    } else if ((match = /^\[(['"])((?:(?!\1).){1,200})\1\]/.exec(rest))) {
      segments.push(match[2] as string);
    } else {
      return `cannot read "${rest.slice(0, 30)}" in path "${path}"`;
    }
    rest = rest.slice(match[0].length);
    first = false;
    if (segments.length > 32) return 'path is deeper than 32 segments';
  }
  return segments;
}

/** Reads `segments` from a JSON value through own properties only; a missing step yields undefined. */
export function readJsonPath(value: JsonValue | undefined, segments: JsonPathSegment[]): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const segment of segments) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (typeof segment !== 'number') return undefined;
      current = current[segment];
    } else {
      const key = String(segment);
      current = Object.hasOwn(current, key) ? current[key] : undefined;
    }
  }
  return current;
}
