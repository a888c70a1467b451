import { charLength } from '../limits';
import type { BlockFinding } from './block-definition';

/** Adds an error when `value` is longer than `max` characters (code points). */
export function checkLength(findings: BlockFinding[], value: string | undefined, max: number, code: string, what: string) {
  if (value !== undefined && charLength(value) > max) {
    findings.push({ severity: 'error', code, message: `${what} is ${charLength(value)} characters; WhatsApp allows ${max}` });
  }
}

/** Adds an error when a message part is empty or only whitespace. */
export function checkNotEmpty(findings: BlockFinding[], value: string | undefined, what: string) {
  if (value === undefined || value.trim() === '') {
    findings.push({ severity: 'error', code: 'empty_message', message: `${what} is empty` });
  }
}

/** Adds a warning for each handle that has no edge. */
export function checkConnected(findings: BlockFinding[], connected: ReadonlySet<string>, handles: { id: string; label: string }[]) {
  for (const handle of handles) {
    if (!connected.has(handle.id)) {
      findings.push({
        severity: 'warning',
        code: 'unconnected_handle',
        message: `"${handle.label}" is not connected: choosing it ends the conversation`,
      });
    }
  }
}

/** Adds an error for each value that appears more than once. */
export function checkUnique(findings: BlockFinding[], values: string[], code: string, what: string) {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) findings.push({ severity: 'error', code, message: `${what} "${value}" is used twice` });
    seen.add(value);
  }
}

/** Cuts text to `max` code points, so an interpolated value cannot push a message over Meta's limit. */
export function clip(text: string, max: number): string {
  return charLength(text) <= max ? text : Array.from(text).slice(0, max).join('');
}
