import type { z } from 'zod';

/** A field of an object schema: its shape, and whether it may be left out (optional or defaulted). */
export interface FieldShape {
  key: string;
  shape: Shape;
  optional: boolean;
  defaultValue?: unknown;
}
export interface ObjectShape {
  kind: 'object';
  fields: FieldShape[];
}

/** What the inspector needs to know about a block's data schema to render a form for it. */
export type Shape =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'enum'; options: string[] }
  | { kind: 'literal'; value: string }
  | ObjectShape
  | { kind: 'array'; element: Shape }
  | { kind: 'union'; discriminator: string; options: { value: string; shape: ObjectShape }[] }
  | { kind: 'json' };

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  element?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  options?: z.ZodType[];
  discriminator?: string;
  in?: z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodType): { schema: z.ZodType; optional: boolean; defaultValue?: unknown } {
  const def = defOf(schema);
  if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) return { ...unwrap(def.innerType), optional: true };
  if ((def.type === 'default' || def.type === 'prefault') && def.innerType) {
    const inner = unwrap(def.innerType);
    return { schema: inner.schema, optional: true, defaultValue: typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue };
  }
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return { schema, optional: false };
}

/**
 * Reads a zod schema (the engine's block data schemas) into a form shape, so
 * the inspector follows the engine instead of a second hand-written list of
 * fields. Anything it does not model (records, free JSON) is edited as JSON.
 */
export function describeSchema(schema: z.ZodType): Shape {
  const inner = unwrap(schema).schema;
  const def = defOf(inner);
  switch (def.type) {
    case 'string':
      return { kind: 'string' };
    case 'number':
    case 'int':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'enum':
      return { kind: 'enum', options: Object.values(def.entries ?? {}) };
    case 'literal':
      return def.values?.length === 1 && typeof def.values[0] === 'string' ? { kind: 'literal', value: def.values[0] } : { kind: 'json' };
    case 'object':
      return describeObject(def.shape ?? {});
    case 'array':
      return def.element ? { kind: 'array', element: describeSchema(def.element) } : { kind: 'json' };
    case 'union': {
      const discriminator = def.discriminator;
      if (!discriminator || !def.options) return { kind: 'json' };
      const options = def.options.map((option) => {
        const shape = describeSchema(option);
        const tag = shape.kind === 'object' ? shape.fields.find((f) => f.key === discriminator)?.shape : undefined;
        return shape.kind === 'object' && tag?.kind === 'literal' ? { value: tag.value, shape } : null;
      });
      if (options.some((o) => o === null)) return { kind: 'json' };
      return { kind: 'union', discriminator, options: options as { value: string; shape: ObjectShape }[] };
    }
    default:
      return { kind: 'json' };
  }
}

function describeObject(shape: Record<string, z.ZodType>): ObjectShape {
  return {
    kind: 'object',
    fields: Object.entries(shape).map(([key, schema]) => {
      const { optional, defaultValue } = unwrap(schema);
      return { key, shape: describeSchema(schema), optional, ...(defaultValue === undefined ? {} : { defaultValue }) };
    }),
  };
}

/** A value to start a new field or list item with: defaults where the schema has them, else empty. */
export function initialValue(shape: Shape, index = 1): unknown {
  switch (shape.kind) {
    case 'string':
      return '';
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'enum':
      return shape.options[0] ?? '';
    case 'literal':
      return shape.value;
    case 'array':
      return [];
    case 'json':
      return {};
    case 'union':
      return shape.options[0] ? initialValue(shape.options[0].shape, index) : {};
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const field of shape.fields) {
        if (field.defaultValue !== undefined) value[field.key] = structuredClone(field.defaultValue);
        // Ids of list items (buttons, rows, branches) must be unique and non-empty.
        else if (field.key === 'id' && field.shape.kind === 'string') value[field.key] = `item_${index}`;
        else if (!field.optional) value[field.key] = initialValue(field.shape, index);
      }
      return value;
    }
  }
}
