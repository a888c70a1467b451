import { ExpressionError, expressionLimits } from './expression-error';

export type Token =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'ident'; value: string; pos: number }
  | { kind: 'op'; value: string; pos: number }
  | { kind: 'eof'; pos: number };

// Longest first, so `<=` is not read as `<` then `=`.
const operators = ['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!', '(', ')', ','];
const escapes: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"' };

/** Splits an expression into tokens; rejects unknown characters, unterminated strings and oversized input. */
export function tokenize(source: string): Token[] {
  if (source.length > expressionLimits.sourceLength) {
    throw new ExpressionError(`expression is longer than ${expressionLimits.sourceLength} characters`);
  }
  const tokens: Token[] = [];
  let i = 0;
  const push = (token: Token) => {
    tokens.push(token);
    if (tokens.length > expressionLimits.tokens) {
      throw new ExpressionError(`expression has more than ${expressionLimits.tokens} tokens`);
    }
  };
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(source.slice(i));
      const text = match?.[0] ?? ch;
      const value = Number(text);
      if (!Number.isFinite(value)) throw new ExpressionError(`number ${text.slice(0, 20)} is out of range`, start);
      push({ kind: 'number', value, pos: start });
      i += text.length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= source.length) throw new ExpressionError('unterminated string', start);
        const c = source[i] as string;
        if (c === ch) break;
        if (c === '\\') {
          const next = source[i + 1];
          const escaped = next === undefined ? undefined : escapes[next];
          if (escaped === undefined) throw new ExpressionError(`unknown escape \\${next ?? ''}`, i);
          value += escaped;
          i += 2;
          continue;
        }
        value += c;
        i += 1;
      }
      i += 1;
      push({ kind: 'string', value, pos: start });
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
      const value = match?.[0] ?? ch;
      push({ kind: 'ident', value, pos: start });
      i += value.length;
      continue;
    }
    const op = operators.find((candidate) => source.startsWith(candidate, i));
    if (op === undefined) throw new ExpressionError(`unexpected character "${ch}"`, start);
    push({ kind: 'op', value: op, pos: start });
    i += op.length;
  }
  tokens.push({ kind: 'eof', pos: source.length });
  return tokens;
}
