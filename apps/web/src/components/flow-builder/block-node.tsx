'use client';

import { blockDefinitions, type BlockType } from '@switchboard/flow-engine';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { previewOf } from './block-previews';
import type { BlockNode as BlockNodeType } from './flow-document';
import { useNodeFindings } from './findings-context';

function handlesOf(type: BlockType, data: unknown) {
  try {
    return blockDefinitions[type].handles(data as never);
  } catch {
    return [];
  }
}

/** One block on the canvas: title, content preview, lint badge, and an output handle per outcome the engine defines. */
function BlockNodeView({ id, type, data, selected }: NodeProps<BlockNodeType>) {
  const definition = blockDefinitions[type];
  const findings = useNodeFindings(id);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const handles = useMemo(() => handlesOf(type, data), [type, data]);
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = handles.map((h) => h.id).join('|');
  const measuredKey = useRef(handleKey);
  // React Flow measures handles when a node mounts; adding a button or branch later must
  // re-measure them. Not on mount: 300 nodes each asking for it made loading crawl.
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [id, handleKey, updateNodeInternals]);

  const state = errors > 0 ? 'fb-node-error' : findings.length > 0 ? 'fb-node-warning' : '';
  return (
    <div className={`fb-node fb-cat-${definition.category} ${state} ${selected ? 'fb-node-selected' : ''}`} data-testid={`node-${id}`} title={findings.map((f) => `${f.severity}: ${f.message}`).join('\n')}>
      {type !== 'trigger' ? <Handle type="target" position={Position.Top} className="fb-handle-in" /> : null}
      <div className="fb-node-head">
        <span className="fb-node-type">{definition.label}</span>
        <span className="fb-node-id mono">{id}</span>
        {findings.length > 0 ? (
          <span className={`fb-node-badge ${errors > 0 ? 'error' : 'warning'}`} data-testid={`node-findings-${id}`}>
            {findings.length}
          </span>
        ) : null}
      </div>
      <div className="fb-node-body">{previewOf(type, data)}</div>
      {handles.length > 0 ? (
        <div className="fb-node-ports">
          {handles.map((h) => (
            <div className="fb-port" key={h.id}>
              <span className="fb-port-label">{h.label}</span>
              <Handle type="source" position={Position.Bottom} id={h.id} className="fb-handle-out" data-testid={`handle-${id}-${h.id}`} />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

const BlockNodeComponent = memo(BlockNodeView);

/** Node components by block type: a module constant (a new object per render would remount every node). */
export const nodeTypes = Object.fromEntries(Object.keys(blockDefinitions).map((type) => [type, BlockNodeComponent]));
