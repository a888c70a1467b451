/**
 * Renders every character above U+007E as a lowercase `\uXXXX` escape of its UTF-16 code unit(s), the form
 * Meta signs (`ä` → `\u00e4`, an emoji → a surrogate pair). ASCII passes through unchanged.
 */
export function escapeUnicode(text: string): string {
  // Without the `u` flag the class matches single UTF-16 code units, so surrogate halves are escaped separately.
  return text.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
