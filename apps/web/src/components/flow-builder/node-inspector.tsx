'use client';

import { blockDefinitions } from '@switchboard/flow-engine';
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import type { BlockNode } from './flow-document';
import { useNodeFindings } from './findings-context';
import { SchemaForm, type FieldErrors } from './schema-form';
import { describeSchema } from './schema-shape';

/**
 * Edits the selected node's data with a form read from the engine's schema.
 * Every change is validated by that schema; only valid data reaches the
 * canvas store (through `updateNodeData`), so the draft is always a valid document.
 */
export function NodeInspector({ node, readOnly, onBeforeEdit }: { node: BlockNode; readOnly: boolean; onBeforeEdit: () => void }) {
  const { updateNodeData } = useReactFlow<BlockNode>();
  const type = node.type ?? 'text';
  const definition = blockDefinitions[type];
  const shape = useMemo(() => describeSchema(definition.dataSchema), [definition]);
  const [edited, setEdited] = useState<unknown>(node.data);
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const findings = useNodeFindings(node.id);

  const change = (next: unknown) => {
    setEdited(next);
    const parsed = definition.dataSchema.safeParse(next);
    if (!parsed.success) {
      setErrors(new Map(parsed.error.issues.map((i) => [i.path.map(String).join('.'), i.message])));
      return;
    }
    setErrors(new Map());
    onBeforeEdit();
    updateNodeData(node.id, next as Record<string, unknown>, { replace: true });
  };

  return (
    <div className="fb-inspector" data-testid="node-inspector">
      <p className="eyebrow">{definition.label}</p>
      <h2 className="mono">{node.id}</h2>
      {findings.length > 0 ? (
        <ul className="fb-inspector-findings">
          {findings.map((f, i) => (
            <li key={i} className={`fb-finding-${f.severity}`}>
              {f.message}
            </li>
          ))}
        </ul>
      ) : null}
      <fieldset disabled={readOnly} className="fb-inspector-form">
        <SchemaForm shape={shape} value={edited} path="" label="" errors={errors} onChange={change} />
      </fieldset>
      {errors.size > 0 ? (
        <p className="alert small" role="alert">
          Not applied until valid: {[...errors.values()][0]}
        </p>
      ) : null}
    </div>
  );
}
