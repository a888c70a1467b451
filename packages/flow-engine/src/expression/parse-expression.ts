import { ExpressionError, expressionLimits } from './expression-error';
import { isKnownFunction } from './expression-functions';
import type { Token } from './tokenize';
import { tokenize } from './tokenize';

export type Scalar = string | number | boolean | null;
export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

/** The syntax tree of an expression. */
export type ExpressionNode =
  | { kind: 'literal'; value: Scalar }
  | { kind: 'variable'; name: string }
  | { kind: 'call'; name: string; args: ExpressionNode[]; pos: number }
  | { kind: 'unary'; op: '-' | 'not'; operand: ExpressionNode }
  | { kind: 'binary'; op: BinaryOperator; left: ExpressionNode; right: ExpressionNode };

const keywordLiterals: Record<string, Scalar> = { true: true, false: false, null: null };

/** Parses an expression (grammar in docs/flows.md); throws ExpressionError on bad syntax or unknown functions. */
export function parseExpression(source: string): ExpressionNode {
  const tokens = tokenize(source);
  let index = 0;
  let depth = 0;

  const peek = (): Token => tokens[index] ?? { kind: 'eof', pos: source.length };
  const next = (): Token => {
    const token = peek();
    index += 1;
    return token;
  };
  const isOp = (...values: string[]) => {
    const token = peek();
    return (token.kind === 'op' || token.kind === 'ident') && values.includes(token.value);
  };
  const expectOp = (value: string) => {
    const token = next();
    if (token.kind !== 'op' || token.value !== value) throw new ExpressionError(`expected "${value}"`, token.pos);
  };
  // Recursion depth is the only way work could grow faster than the input; cap it.
  const nested = <T>(fn: () => T): T => {
    depth += 1;
    if (depth > expressionLimits.depth) {
      throw new ExpressionError(`expression is nested deeper than ${expressionLimits.depth} levels`, peek().pos);
    }
    try {
      return fn();
    } finally {
      depth -= 1;
    }
  };

  const parseOr = (): ExpressionNode =>
    nested(() => {
      let left = parseAnd();
      while (isOp('||', 'or')) {
        next();
        left = { kind: 'binary', op: 'or', left, right: parseAnd() };
      }
      return left;
    });
  const parseAnd = (): ExpressionNode => {
    let left = parseNot();
    while (isOp('&&', 'and')) {
      next();
      left = { kind: 'binary', op: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): ExpressionNode => {
    if (!isOp('!', 'not')) return parseComparison();
    next();
    return nested(() => ({ kind: 'unary', op: 'not', operand: parseNot() }));
  };
  const parseComparison = (): ExpressionNode => {
    const left = parseAdditive();
    if (isOp('==', '!=', '<', '<=', '>', '>=')) {
      const op = next() as { value: BinaryOperator };
      const right = parseAdditive();
      if (isOp('==', '!=', '<', '<=', '>', '>=')) throw new ExpressionError('comparisons cannot be chained; use and', peek().pos);
      return { kind: 'binary', op: op.value, left, right };
    }
    return left;
  };
  const parseAdditive = (): ExpressionNode => {
    let left = parseMultiplicative();
    while (isOp('+', '-')) {
      const op = next() as { value: BinaryOperator };
      left = { kind: 'binary', op: op.value, left, right: parseMultiplicative() };
    }
    return left;
  };
  const parseMultiplicative = (): ExpressionNode => {
    let left = parseUnary();
    while (isOp('*', '/', '%')) {
      const op = next() as { value: BinaryOperator };
      left = { kind: 'binary', op: op.value, left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): ExpressionNode => {
    if (!isOp('-')) return parsePrimary();
    next();
    return nested(() => ({ kind: 'unary', op: '-', operand: parseUnary() }));
  };
  const parsePrimary = (): ExpressionNode => {
    const token = next();
    if (token.kind === 'number' || token.kind === 'string') return { kind: 'literal', value: token.value };
    if (token.kind === 'ident') {
      if (Object.hasOwn(keywordLiterals, token.value)) return { kind: 'literal', value: keywordLiterals[token.value] ?? null };
      if (['and', 'or', 'not'].includes(token.value)) throw new ExpressionError(`unexpected "${token.value}"`, token.pos);
      if (isOp('(')) {
        if (!isKnownFunction(token.value)) throw new ExpressionError(`unknown function "${token.value}"`, token.pos);
        next();
        const args: ExpressionNode[] = [];
        if (!isOp(')')) {
          args.push(parseOr());
          while (isOp(',')) {
            next();
            args.push(parseOr());
          }
        }
        expectOp(')');
        return { kind: 'call', name: token.value, args, pos: token.pos };
      }
      return { kind: 'variable', name: token.value };
    }
    if (token.kind === 'op' && token.value === '(') {
      const inner = parseOr();
      expectOp(')');
      return inner;
    }
    throw new ExpressionError(token.kind === 'eof' ? 'unexpected end of expression' : `unexpected "${token.value}"`, token.pos);
  };

  const tree = parseOr();
  const rest = peek();
  if (rest.kind !== 'eof') throw new ExpressionError(`unexpected "${String(rest.value)}"`, rest.pos);
  return tree;
}

/** Variable names an expression reads, for the linter. */
export function expressionVariables(node: ExpressionNode): string[] {
  const names = new Set<string>();
  const visit = (n: ExpressionNode) => {
    if (n.kind === 'variable') names.add(n.name);
    else if (n.kind === 'call') n.args.forEach(visit);
    else if (n.kind === 'unary') visit(n.operand);
    else if (n.kind === 'binary') {
      visit(n.left);
      visit(n.right);
    }
  };
  visit(node);
  return [...names];
}
