import type { Variables } from '../json-value';
import { readVariable } from '../json-value';

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** How a value is escaped where it lands: plain text, a URL component, or the inside of a JSON string. */
export type InterpolationEscape = 'none' | 'url' | 'json';

/** Renders a variable as text: strings as-is, missing/null as empty, objects as JSON. */
export function valueToText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Replaces `{{name}}` placeholders with variable values; unknown variables render empty. */
export function interpolate(template: string, variables: Variables, escape: InterpolationEscape = 'none'): string {
  return template.replace(placeholder, (_match, name: string) => {
    const text = valueToText(readVariable(variables, name));
    if (escape === 'url') return encodeURIComponent(text);
    // Without the surrounding quotes: the author writes "{{name}}" inside a JSON string.
    if (escape === 'json') return JSON.stringify(text).slice(1, -1);
    return text;
  });
}

/** Names of the variables a template references, in order of first use. */
export function referencedVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(placeholder)) if (match[1] !== undefined) names.add(match[1]);
  return [...names];
}
