import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate-expression';
import { ExpressionError } from './expression-error';
import { expressionVariables, parseExpression } from './parse-expression';

const scope = (variables: Record<string, unknown> = {}) => ({
  variables: variables as Record<string, string | number | boolean | null>,
  nowIso: '2025-01-01T09:00:00.000Z',
});
const run = (source: string, variables: Record<string, unknown> = {}) => evaluate(source, scope(variables));
const fails = (source: string, variables: Record<string, unknown> = {}) => () => run(source, variables);

describe('expression language', () => {
  it('does arithmetic with precedence and parentheses', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('10 / 4 - 1')).toBe(1.5);
    expect(run('7 % 3')).toBe(1);
    expect(run('-2 * -3')).toBe(6);
    expect(run('1.5e2 + .5')).toBe(150.5);
  });

  it('concatenates strings, with numbers and null converted', () => {
    expect(run('"Hi " + name + "!"', { name: 'Ana' })).toBe('Hi Ana!');
    expect(run("'n=' + 3")).toBe('n=3');
    expect(run('"x" + missing')).toBe('x');
    expect(run('"a\\"b\\n"')).toBe('a"b\n');
  });

  it('compares and combines booleans', () => {
    expect(run('age >= 18 and country == "PT"', { age: 20, country: 'PT' })).toBe(true);
    expect(run('age < 18 or vip', { age: 20, vip: false })).toBe(false);
    expect(run('not (1 > 2) && !false')).toBe(true);
    expect(run('"5" == 5')).toBe(true);
    expect(run('"abc" < "abd"')).toBe(true);
    expect(run('x != null', { x: 1 })).toBe(true);
    expect(run('"7" > 5')).toBe(true);
  });

  it('short-circuits and/or so the right side is not evaluated', () => {
    expect(run('false and (1 / 0 > 1)')).toBe(false);
    expect(run('true or unknownThing * 2 > 1')).toBe(true);
  });

  it('calls whitelisted functions', () => {
    expect(run('upper(name)', { name: 'ana' })).toBe('ANA');
    expect(run('lower("ABC")')).toBe('abc');
    expect(run('trim("  x ")')).toBe('x');
    expect(run('len("héllo👋")')).toBe(6);
    expect(run('len(missing)')).toBe(0);
    expect(run('round(2.345, 2)')).toBe(2.35);
    expect(run('round(2.5)')).toBe(3);
    expect(run('floor(2.7) + ceil(2.1) + abs(-1)')).toBe(6);
    expect(run('min(3, 1, 2) + max(3, 1, 2)')).toBe(4);
    expect(run('number("12.5") + 1')).toBe(13.5);
    expect(run('string(12) + "!"')).toBe('12!');
    expect(run('now()')).toBe('2025-01-01T09:00:00.000Z');
  });

  it('lists the variables an expression reads', () => {
    expect(expressionVariables(parseExpression('upper(a) + b * (c - a)'))).toEqual(['a', 'b', 'c']);
  });

  it('reports syntax errors with a position', () => {
    expect(() => parseExpression('1 +')).toThrow(/unexpected end/);
    expect(() => parseExpression('(1 + 2')).toThrow(/expected "\)"/);
    expect(() => parseExpression('1 2')).toThrow(/unexpected "2" \(at 2\)/);
    expect(() => parseExpression('"open')).toThrow(/unterminated string/);
    expect(() => parseExpression('a = 1')).toThrow(/unexpected character "="/);
    expect(() => parseExpression('1 < 2 < 3')).toThrow(/cannot be chained/);
    expect(() => parseExpression('"\\x"')).toThrow(/unknown escape/);
  });

  it('reports type errors instead of coercing silently', () => {
    expect(fails('"a" - 1')).toThrow(ExpressionError);
    expect(fails('true + 1')).toThrow(/cannot add/);
    expect(fails('-"a"')).toThrow(/cannot negate/);
    expect(fails('1 / 0')).toThrow(/division by zero/);
    expect(fails('"a" < 1')).toThrow(/cannot compare/);
    expect(fails('upper()')).toThrow(/takes 1 argument/);
    expect(fails('number("abc")')).toThrow(/needs a number/);
    expect(fails('round(1, 99)')).toThrow(/decimal places/);
    expect(fails('x + 1', { x: { a: 1 } })).toThrow(/list or object/);
  });

  describe('hostile input', () => {
    it('refuses unknown functions, including prototype names', () => {
      for (const name of ['eval', 'Function', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'require']) {
        expect(() => parseExpression(`${name}("1")`)).toThrow(/unknown function/);
      }
    });

    it('never reads through the prototype chain for variables', () => {
      expect(run('__proto__')).toBe(null);
      expect(run('constructor')).toBe(null);
      expect(run('toString')).toBe(null);
      expect(run('len(constructor)')).toBe(0);
    });

    it('caps nesting depth', () => {
      expect(run(`${'('.repeat(20)}1${')'.repeat(20)}`)).toBe(1);
      expect(() => parseExpression(`${'('.repeat(200)}1${')'.repeat(200)}`)).toThrow(/nested deeper/);
      expect(() => parseExpression(`${'-'.repeat(100)}1`)).toThrow(/nested deeper/);
      expect(() => parseExpression(`${'not '.repeat(100)}true`)).toThrow(/nested deeper/);
    });

    it('caps input size and token count', () => {
      expect(() => parseExpression('1'.repeat(3000))).toThrow(/longer than/);
      expect(() => parseExpression(Array.from({ length: 400 }, () => '1').join('+'))).toThrow(/more than 500 tokens/);
    });

    it('rejects numbers out of range and overflowing results', () => {
      expect(() => parseExpression('1e999')).toThrow(/out of range/);
      expect(fails('1e308 * 10')).toThrow(/out of range/);
      expect(fails('1e308 + 1e308')).toThrow(/out of range/);
      expect(fails('max(1e308) * 1e308')).toThrow(/out of range/);
    });

    it('caps string growth', () => {
      const big = 'x'.repeat(6000);
      expect(fails('s + s', { s: big })).toThrow(/longer than 10000/);
      expect(fails('upper(s + s)', { s: big })).toThrow(/longer than 10000/);
    });
  });
});
