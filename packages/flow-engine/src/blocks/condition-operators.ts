import type { JsonValue } from '../json-value';
import { valueToText } from '../runtime/interpolate';
import { regexMatches } from '../runtime/safe-regex';

/** Operators a condition rule can apply to a variable. */
export const conditionOperators = [
  'equals',
  'not_equals',
  'contains',
  'starts_with',
  'gt',
  'lt',
  'gte',
  'lte',
  'is_empty',
  'is_set',
  'matches',
] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

/** Operators that take no comparison value. */
export const unaryOperators: ReadonlySet<ConditionOperator> = new Set(['is_empty', 'is_set']);
/** Operators that order values (numbers or ISO dates). */
export const orderingOperators: ReadonlySet<ConditionOperator> = new Set(['gt', 'lt', 'gte', 'lte']);
/** Operators that work on text. */
export const textOperators: ReadonlySet<ConditionOperator> = new Set(['contains', 'starts_with', 'matches']);

function asNumber(value: JsonValue | undefined | string): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function asTime(value: JsonValue | undefined | string): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function isEmpty(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/**
 * Applies one operator. Values typed by users are strings, so numbers compare numerically when both
 * sides read as numbers, ISO dates chronologically, text case-insensitively unless asked otherwise.
 */
export function applyOperator(
  operator: ConditionOperator,
  actual: JsonValue | undefined,
  expected: string,
  caseSensitive: boolean,
): boolean {
  const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
  switch (operator) {
    case 'is_empty':
      return isEmpty(actual);
    case 'is_set':
      return actual !== undefined && actual !== null;
    case 'equals':
    case 'not_equals': {
      const an = asNumber(actual);
      const en = asNumber(expected);
      const same = an !== undefined && en !== undefined ? an === en : fold(valueToText(actual)) === fold(expected);
      return operator === 'equals' ? same : !same;
    }
    case 'contains':
      return fold(valueToText(actual)).includes(fold(expected));
    case 'starts_with':
      return fold(valueToText(actual)).startsWith(fold(expected));
    case 'matches':
      return regexMatches(expected, caseSensitive ? '' : 'i', valueToText(actual));
    case 'gt':
    case 'lt':
    case 'gte':
    case 'lte': {
      let a = asNumber(actual);
      let b = asNumber(expected);
      if (a === undefined || b === undefined) {
        a = asTime(actual);
        b = asTime(expected);
      }
      if (a === undefined || b === undefined) return false;
      if (operator === 'gt') return a > b;
      if (operator === 'lt') return a < b;
      if (operator === 'gte') return a >= b;
      return a <= b;
    }
  }
}
