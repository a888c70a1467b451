'use client';

import { blockDefinitions, blockTypes, type BlockType } from '@switchboard/flow-engine';
import type { DragEvent } from 'react';

/** The dataTransfer type a palette drag carries: the block type. */
export const blockDragType = 'application/x-switchboard-block';

const categoryLabels: Record<(typeof blockDefinitions)[BlockType]['category'], string> = {
  start: 'Start',
  message: 'Messages',
  input: 'Questions',
  logic: 'Logic',
  integration: 'Integrations',
  flow: 'Flow',
};

/** Every block type of the engine's registry, grouped by category; drag one onto the canvas, or click to add it in view. */
export function BlockPalette({ onAdd, disabled }: { onAdd: (type: BlockType) => void; disabled: boolean }) {
  const groups = Object.entries(categoryLabels).map(([category, label]) => ({ label, types: blockTypes.filter((t) => blockDefinitions[t].category === category) }));
  const start = (event: DragEvent, type: BlockType) => {
    event.dataTransfer.setData(blockDragType, type);
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <aside className="fb-palette" aria-label="Blocks" data-testid="block-palette">
      {groups
        .filter((g) => g.types.length > 0)
        .map((group) => (
          <div key={group.label} className="fb-palette-group">
            <p className="eyebrow">{group.label}</p>
            {group.types.map((type) => (
              <button
                key={type}
                type="button"
                className={`fb-palette-item fb-cat-${blockDefinitions[type].category}`}
                draggable={!disabled}
                disabled={disabled}
                data-testid={`palette-${type}`}
                onDragStart={(e) => start(e, type)}
                onClick={() => onAdd(type)}
              >
                {blockDefinitions[type].label}
              </button>
            ))}
          </div>
        ))}
    </aside>
  );
}
