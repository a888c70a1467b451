'use client';

import { useState } from 'react';
import type { FieldShape, ObjectShape, Shape } from './schema-shape';
import { initialValue } from './schema-shape';

/** Validation messages by dotted path (`buttons.0.title`), from the engine's zod schema. */
export type FieldErrors = ReadonlyMap<string, string>;

interface Props<T> {
  shape: Shape;
  value: T;
  path: string;
  label: string;
  errors: FieldErrors;
  onChange: (value: unknown) => void;
}

const humanize = (key: string) => key.replace(/([A-Z])/g, ' $1').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
// Long texts get a textarea; ids, variables and names a one-line input.
const multiline = (key: string) => /^(text|body|prompt|instructions|caption|freeFormText|retryPrompt|expression)$/.test(key);

function ErrorText({ errors, path }: { errors: FieldErrors; path: string }) {
  const message = errors.get(path);
  return message ? (
    <span className="fb-field-error" role="alert">
      {message}
    </span>
  ) : null;
}

/** A form for one value of a block's data, following the shape read from the engine's schema. */
export function SchemaForm({ shape, value, path, label, errors, onChange }: Props<unknown>) {
  const id = `fb-${path || 'root'}`;
  switch (shape.kind) {
    case 'string':
      return (
        <div className="fb-field">
          <label htmlFor={id}>{label}</label>
          {multiline(path.split('.').at(-1) ?? '') ? (
            <textarea id={id} rows={3} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />
          ) : (
            <input id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />
          )}
          <ErrorText errors={errors} path={path} />
        </div>
      );
    case 'number':
      return (
        <div className="fb-field">
          <label htmlFor={id}>{label}</label>
          <input id={id} type="number" value={typeof value === 'number' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? 0 : Number(e.target.value))} />
          <ErrorText errors={errors} path={path} />
        </div>
      );
    case 'boolean':
      return (
        <label className="fb-check" htmlFor={id}>
          <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {label}
        </label>
      );
    case 'enum':
      return (
        <div className="fb-field">
          <label htmlFor={id}>{label}</label>
          <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)}>
            {shape.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <ErrorText errors={errors} path={path} />
        </div>
      );
    case 'literal':
      return null;
    case 'object':
      return <ObjectForm shape={shape} value={value} path={path} label={label} errors={errors} onChange={onChange} />;
    case 'union': {
      const current = (value ?? {}) as Record<string, unknown>;
      const tag = current[shape.discriminator];
      const option = shape.options.find((o) => o.value === tag) ?? shape.options[0];
      return (
        <fieldset className="fb-fieldset">
          <legend>{label}</legend>
          <label className="fb-field" htmlFor={id}>
            <span>{humanize(shape.discriminator)}</span>
            <select id={id} value={typeof tag === 'string' ? tag : ''} onChange={(e) => onChange(initialValue(shape.options.find((o) => o.value === e.target.value)!.shape))}>
              {shape.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.value}
                </option>
              ))}
            </select>
          </label>
          {option ? <ObjectForm shape={option.shape} value={current} path={path} label="" errors={errors} onChange={onChange} bare /> : null}
        </fieldset>
      );
    }
    case 'array': {
      const items = Array.isArray(value) ? value : [];
      return (
        <fieldset className="fb-fieldset">
          <legend>{label}</legend>
          {items.map((item, i) => (
            <div className="fb-array-item" key={i}>
              <SchemaForm
                shape={shape.element}
                value={item}
                path={`${path}.${i}`}
                label={`${label} ${i + 1}`}
                errors={errors}
                onChange={(next) => onChange(items.map((old, j) => (j === i ? next : old)))}
              />
              <button type="button" className="button small" aria-label={`Remove ${label} ${i + 1}`} onClick={() => onChange(items.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="button small" onClick={() => onChange([...items, initialValue(shape.element, items.length + 1)])}>
            Add {label.toLowerCase()}
          </button>
          <ErrorText errors={errors} path={path} />
        </fieldset>
      );
    }
    case 'json':
      return <JsonField value={value} path={path} label={label} errors={errors} onChange={onChange} />;
  }
}

function ObjectForm({ shape, value, path, label, errors, onChange, bare }: Props<unknown> & { shape: ObjectShape; bare?: boolean }) {
  const current = (value ?? {}) as Record<string, unknown>;
  const fields = shape.fields.map((field: FieldShape) => {
    const fieldPath = path ? `${path}.${field.key}` : field.key;
    const present = current[field.key] !== undefined;
    const set = (next: unknown) => onChange({ ...current, [field.key]: next });
    if (field.shape.kind === 'literal') return null;
    if (field.optional && !present && field.defaultValue === undefined) {
      return (
        <button type="button" className="button small fb-optional" key={field.key} onClick={() => set(initialValue(field.shape))}>
          + {humanize(field.key)}
        </button>
      );
    }
    return (
      <div className="fb-object-field" key={field.key}>
        <SchemaForm shape={field.shape} value={current[field.key]} path={fieldPath} label={humanize(field.key)} errors={errors} onChange={set} />
        {field.optional && field.defaultValue === undefined ? (
          <button
            type="button"
            className="fb-link"
            onClick={() => {
              const { [field.key]: _removed, ...rest } = current;
              onChange(rest);
            }}
          >
            remove {humanize(field.key).toLowerCase()}
          </button>
        ) : null}
      </div>
    );
  });
  if (bare || !label) return <div className="fb-object">{fields}</div>;
  return (
    <fieldset className="fb-fieldset">
      <legend>{label}</legend>
      {fields}
    </fieldset>
  );
}

/** Free JSON (records, JSON Schema): edited as text, passed on only when it parses. */
function JsonField({ value, path, label, errors, onChange }: Omit<Props<unknown>, 'shape'>) {
  const [text, setText] = useState(() => JSON.stringify(value ?? {}, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  return (
    <div className="fb-field">
      <label htmlFor={`fb-${path}`}>{label} (JSON)</label>
      <textarea
        id={`fb-${path}`}
        className="mono"
        rows={5}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
            setParseError(null);
          } catch (error) {
            setParseError(error instanceof Error ? error.message : 'invalid JSON');
          }
        }}
      />
      {parseError ? <span className="fb-field-error">{parseError}</span> : <ErrorText errors={errors} path={path} />}
    </div>
  );
}
