import type { BlockType } from '../block-type';
import { aiBlock } from './ai';
import { askBlock } from './ask';
import type { BlockDefinition } from './block-definition';
import { buttonsBlock } from './buttons';
import { conditionBlock } from './condition';
import { endBlock } from './end';
import { handoffBlock } from './handoff';
import { httpBlock } from './http';
import { jumpBlock } from './jump';
import { listBlock } from './list';
import { mediaBlock } from './media';
import { setVariableBlock } from './set-variable';
import { templateBlock } from './template';
import { textBlock } from './text';
import { triggerBlock } from './trigger';
import { waitBlock } from './wait';

/** Every block, by type. Adding a type to `blockTypes` without a definition here is a compile error. */
export const blockDefinitions = {
  trigger: triggerBlock,
  text: textBlock,
  media: mediaBlock,
  buttons: buttonsBlock,
  list: listBlock,
  ask: askBlock,
  condition: conditionBlock,
  set_variable: setVariableBlock,
  http: httpBlock,
  ai: aiBlock,
  template: templateBlock,
  wait: waitBlock,
  handoff: handoffBlock,
  jump: jumpBlock,
  end: endBlock,
} satisfies { [K in BlockType]: BlockDefinition<unknown, K> };

/** The definition of `type`, typed loosely for generic dispatch over parsed nodes. */
export function definitionOf(type: BlockType): BlockDefinition<unknown> {
  return blockDefinitions[type];
}
