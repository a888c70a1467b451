import { ExpressionError, expressionLimits } from './expression-error';
import type { Scalar } from './parse-expression';

/** What a function call can see besides its arguments. */
export interface FunctionScope {
  nowIso: string;
}

interface ExpressionFunction {
  minArgs: number;
  maxArgs: number;
  call(args: Scalar[], scope: FunctionScope): Scalar;
}

function text(value: Scalar, fn: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ExpressionError(`${fn}() needs a string, got null`);
}

function num(value: Scalar, fn: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw new ExpressionError(`${fn}() needs a number, got ${value === null ? 'null' : JSON.stringify(value).slice(0, 40)}`);
}

function codePoints(value: string): number {
  let count = 0;
  for (const _c of value) count += 1;
  return count;
}

// A Map, not an object literal, so `constructor` or `__proto__` can never name a function.
const functions = new Map<string, ExpressionFunction>([
  ['upper', { minArgs: 1, maxArgs: 1, call: ([v]) => text(v ?? null, 'upper').toUpperCase() }],
  ['lower', { minArgs: 1, maxArgs: 1, call: ([v]) => text(v ?? null, 'lower').toLowerCase() }],
  ['trim', { minArgs: 1, maxArgs: 1, call: ([v]) => text(v ?? null, 'trim').trim() }],
  ['len', { minArgs: 1, maxArgs: 1, call: ([v]) => (v === null || v === undefined ? 0 : codePoints(text(v, 'len'))) }],
  [
    'round',
    {
      minArgs: 1,
      maxArgs: 2,
      call: ([v, digits]) => {
        const places = digits === undefined ? 0 : num(digits, 'round');
        if (!Number.isInteger(places) || places < 0 || places > 10) {
          throw new ExpressionError('round() takes 0 to 10 decimal places');
        }
        const factor = 10 ** places;
        return Math.round(num(v ?? null, 'round') * factor) / factor;
      },
    },
  ],
  ['floor', { minArgs: 1, maxArgs: 1, call: ([v]) => Math.floor(num(v ?? null, 'floor')) }],
  ['ceil', { minArgs: 1, maxArgs: 1, call: ([v]) => Math.ceil(num(v ?? null, 'ceil')) }],
  ['abs', { minArgs: 1, maxArgs: 1, call: ([v]) => Math.abs(num(v ?? null, 'abs')) }],
  ['min', { minArgs: 1, maxArgs: 10, call: (args) => Math.min(...args.map((a) => num(a, 'min'))) }],
  ['max', { minArgs: 1, maxArgs: 10, call: (args) => Math.max(...args.map((a) => num(a, 'max'))) }],
  ['number', { minArgs: 1, maxArgs: 1, call: ([v]) => num(v ?? null, 'number') }],
  [
    'string',
    {
      minArgs: 1,
      maxArgs: 1,
      call: ([v]) => (v === null || v === undefined ? '' : text(v, 'string')),
    },
  ],
  ['now', { minArgs: 0, maxArgs: 0, call: (_args, scope) => scope.nowIso }],
]);

/** Whether `name` is one of the whitelisted expression functions. */
export function isKnownFunction(name: string): boolean {
  return functions.has(name);
}

/** Names of the whitelisted functions, for docs and the builder's autocomplete. */
export const expressionFunctionNames: readonly string[] = [...functions.keys()];

/** Calls a whitelisted function after checking its arity; results longer than the string cap are refused. */
export function callFunction(name: string, args: Scalar[], scope: FunctionScope): Scalar {
  const fn = functions.get(name);
  if (fn === undefined) throw new ExpressionError(`unknown function "${name}"`);
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    const expected = fn.minArgs === fn.maxArgs ? String(fn.minArgs) : `${fn.minArgs}–${fn.maxArgs}`;
    throw new ExpressionError(`${name}() takes ${expected} argument(s), got ${args.length}`);
  }
  const result = fn.call(args, scope);
  if (typeof result === 'number' && !Number.isFinite(result)) throw new ExpressionError(`${name}() result is out of range`);
  if (typeof result === 'string' && result.length > expressionLimits.stringLength) {
    throw new ExpressionError(`${name}() result is longer than ${expressionLimits.stringLength} characters`);
  }
  return result;
}
