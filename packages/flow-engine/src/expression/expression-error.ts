/** A parse or evaluation error in a set-variable expression, with the character offset when known. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(position === undefined ? message : `${message} (at ${position})`);
  }
}

// Bounds that keep parsing and evaluation linear in small inputs, whatever an author or a variable holds.
export const expressionLimits = {
  sourceLength: 2000,
  tokens: 500,
  depth: 32,
  stringLength: 10_000,
} as const;
