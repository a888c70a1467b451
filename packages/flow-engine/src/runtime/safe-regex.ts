/** Longest input a flow regex is run against; bounds the cost of a badly written pattern. */
export const regexInputLimit = 1000;

/** Compiles an author's pattern, or returns the reason it is invalid. */
export function compileRegex(pattern: string, flags = ''): RegExp | string {
  if (!/^[imsu]*$/.test(flags)) return `unsupported flags "${flags}" (use i, m, s, u)`;
  if (pattern.length > 500) return 'pattern is longer than 500 characters';
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    return error instanceof Error ? error.message : 'invalid pattern';
  }
}

/** Tests `input` (clipped to the input limit) against a pattern; an invalid pattern never matches. */
export function regexMatches(pattern: string, flags: string, input: string): boolean {
  const regex = compileRegex(pattern, flags);
  return typeof regex !== 'string' && regex.test(input.slice(0, regexInputLimit));
}
