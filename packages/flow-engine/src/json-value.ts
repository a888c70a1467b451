import { z } from 'zod';

/** Any JSON value; session variables hold these so a session stays serializable. */
export const jsonValueSchema = z.json();
export type JsonValue = z.infer<typeof jsonValueSchema>;

/** Session variables by name. */
export type Variables = Record<string, JsonValue>;

// Names that would reach Object.prototype through a plain object are refused outright.
const reservedNames = new Set(['__proto__', 'constructor', 'prototype']);

/** A variable name: an identifier of at most 64 characters, never a prototype key. */
export const variableNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'must be an identifier (letters, digits, _; at most 64)' })
  .refine((name) => !reservedNames.has(name), { error: 'is a reserved name' });

/** Reads a variable without ever walking the prototype chain. */
export function readVariable(variables: Variables, name: string): JsonValue | undefined {
  return Object.hasOwn(variables, name) ? variables[name] : undefined;
}

/** Returns a new variables object with `updates` applied (own data properties only, so `__proto__` cannot be assigned). */
export function mergeVariables(variables: Variables, updates: Variables): Variables {
  return Object.fromEntries([...Object.entries(variables), ...Object.entries(updates)]);
}
