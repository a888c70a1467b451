'use client';

import { flowTriggersSchema, flowVariableSchema } from '@switchboard/flow-engine';
import { useMemo, useState } from 'react';
import { z } from 'zod';
import type { FlowMeta } from './flow-document';
import { SchemaForm, type FieldErrors } from './schema-form';
import { describeSchema } from './schema-shape';

const variablesSchema = z.array(flowVariableSchema);

/** Shown when no block is selected: the flow's name, declared variables and restart keywords, validated by the engine's schemas. */
export function FlowSettings({ meta, readOnly, onChange }: { meta: FlowMeta; readOnly: boolean; onChange: (meta: FlowMeta) => void }) {
  const shapes = useMemo(() => ({ variables: describeSchema(variablesSchema), triggers: describeSchema(flowTriggersSchema) }), []);
  const [edited, setEdited] = useState(meta);
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const apply = (next: FlowMeta) => {
    setEdited(next);
    const problems = new Map<string, string>();
    if (next.name.trim() === '') problems.set('name', 'Give the flow a name.');
    const variables = variablesSchema.safeParse(next.variables);
    if (!variables.success) for (const i of variables.error.issues) problems.set(['variables', ...i.path.map(String)].join('.'), i.message);
    const triggers = flowTriggersSchema.safeParse(next.triggers);
    if (!triggers.success) for (const i of triggers.error.issues) problems.set(['triggers', ...i.path.map(String)].join('.'), i.message);
    setErrors(problems);
    if (problems.size === 0) onChange(next);
  };
  return (
    <div className="fb-inspector" data-testid="flow-settings">
      <p className="eyebrow">Flow</p>
      <p className="muted small">Select a block to edit it. Shift+drag selects several; Ctrl/⌘+C, V, Z and Shift+Z copy, paste, undo and redo.</p>
      <fieldset disabled={readOnly} className="fb-inspector-form">
        <div className="fb-field">
          <label htmlFor="fb-flow-name">Name</label>
          <input id="fb-flow-name" value={edited.name} onChange={(e) => apply({ ...edited, name: e.target.value })} />
          {errors.get('name') ? <span className="fb-field-error">{errors.get('name')}</span> : null}
        </div>
        <SchemaForm shape={shapes.variables} value={edited.variables} path="variables" label="Variables" errors={errors} onChange={(v) => apply({ ...edited, variables: v as FlowMeta['variables'] })} />
        <SchemaForm shape={shapes.triggers} value={edited.triggers} path="triggers" label="Triggers" errors={errors} onChange={(v) => apply({ ...edited, triggers: v as FlowMeta['triggers'] })} />
      </fieldset>
    </div>
  );
}
