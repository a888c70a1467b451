import { z } from 'zod';

/** A JSON schema object as stored in settings (not checked beyond being an object). */
export const jsonSchemaObjectSchema = z.record(z.string(), z.unknown());
export type JsonSchemaObject = z.infer<typeof jsonSchemaObjectSchema>;

/** Result of checking a value against a JSON schema: the value, or readable problems. */
export type JsonSchemaCheck = { ok: true; value: unknown } | { ok: false; problems: string[] };

/**
 * Compiles a JSON schema into a validator (zod's JSON-schema import), so tool
 * arguments and structured output are checked by the schema the user wrote.
 * Throws a readable error when the schema itself is not supported.
 */
export function compileJsonSchema(schema: JsonSchemaObject): (value: unknown) => JsonSchemaCheck {
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new Error(`unsupported JSON schema: ${(error as Error).message}`);
  }
  return (value) => {
    const result = validator.safeParse(value);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, problems: result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`) };
  };
}
