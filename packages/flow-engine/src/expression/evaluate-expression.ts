import type { Variables } from '../json-value';
import { readVariable } from '../json-value';
import { ExpressionError, expressionLimits } from './expression-error';
import type { FunctionScope } from './expression-functions';
import { callFunction } from './expression-functions';
import type { ExpressionNode, Scalar } from './parse-expression';
import { parseExpression } from './parse-expression';

/** What an expression can read: session variables and the turn's clock. */
export interface ExpressionScope extends FunctionScope {
  variables: Variables;
}

function describe(value: Scalar): string {
  return value === null ? 'null' : typeof value;
}

function finite(value: number): number {
  if (!Number.isFinite(value)) throw new ExpressionError('number is out of range');
  return value;
}

function bounded(value: string): string {
  if (value.length > expressionLimits.stringLength) {
    throw new ExpressionError(`string is longer than ${expressionLimits.stringLength} characters`);
  }
  return value;
}

function truthy(value: Scalar): boolean {
  return value !== null && value !== false && value !== 0 && value !== '';
}

function numericString(value: string): number | undefined {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

// `"5" == 5` is true: values typed by users arrive as strings, so a number compares numerically.
function equals(left: Scalar, right: Scalar): boolean {
  if (typeof left === 'number' && typeof right === 'string') return numericString(right) === left;
  if (typeof left === 'string' && typeof right === 'number') return numericString(left) === right;
  return left === right;
}

function compare(op: '<' | '<=' | '>' | '>=', left: Scalar, right: Scalar): boolean {
  let a: number | string;
  let b: number | string;
  if (typeof left === 'string' && typeof right === 'string') {
    a = left;
    b = right;
  } else {
    const ln = typeof left === 'string' ? numericString(left) : left;
    const rn = typeof right === 'string' ? numericString(right) : right;
    if (typeof ln !== 'number' || typeof rn !== 'number') {
      throw new ExpressionError(`cannot compare ${describe(left)} with ${describe(right)}`);
    }
    a = ln;
    b = rn;
  }
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

function arithmetic(op: '-' | '*' | '/' | '%', left: Scalar, right: Scalar): number {
  if (typeof left !== 'number' || typeof right !== 'number') {
    throw new ExpressionError(`"${op}" needs numbers, got ${describe(left)} and ${describe(right)}`);
  }
  if ((op === '/' || op === '%') && right === 0) throw new ExpressionError('division by zero');
  if (op === '-') return finite(left - right);
  if (op === '*') return finite(left * right);
  if (op === '/') return finite(left / right);
  return finite(left % right);
}

function toText(value: Scalar): string {
  return value === null ? '' : String(value);
}

function read(scope: ExpressionScope, name: string): Scalar {
  const value = readVariable(scope.variables, name);
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') throw new ExpressionError(`variable "${name}" holds a list or object, not a value`);
  return value;
}

/** Evaluates a parsed expression; throws ExpressionError on type errors, overflow or oversized strings. */
export function evaluateExpression(node: ExpressionNode, scope: ExpressionScope): Scalar {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'variable':
      return read(scope, node.name);
    case 'call':
      return callFunction(
        node.name,
        node.args.map((arg) => evaluateExpression(arg, scope)),
        scope,
      );
    case 'unary': {
      const value = evaluateExpression(node.operand, scope);
      if (node.op === 'not') return !truthy(value);
      if (typeof value !== 'number') throw new ExpressionError(`cannot negate ${describe(value)}`);
      return -value;
    }
    case 'binary': {
      if (node.op === 'and') return truthy(evaluateExpression(node.left, scope)) && truthy(evaluateExpression(node.right, scope));
      if (node.op === 'or') return truthy(evaluateExpression(node.left, scope)) || truthy(evaluateExpression(node.right, scope));
      const left = evaluateExpression(node.left, scope);
      const right = evaluateExpression(node.right, scope);
      switch (node.op) {
        case '+':
          if (typeof left === 'number' && typeof right === 'number') return finite(left + right);
          if (typeof left === 'string' || typeof right === 'string') return bounded(toText(left) + toText(right));
          throw new ExpressionError(`cannot add ${describe(left)} and ${describe(right)}`);
        case '==':
          return equals(left, right);
        case '!=':
          return !equals(left, right);
        case '<':
        case '<=':
        case '>':
        case '>=':
          return compare(node.op, left, right);
        default:
          return arithmetic(node.op, left, right);
      }
    }
  }
}

/** Parses and evaluates `source` in one go. */
export function evaluate(source: string, scope: ExpressionScope): Scalar {
  return evaluateExpression(parseExpression(source), scope);
}
