/** Every block type the engine knows; the registry must define each (checked by the compiler). */
export const blockTypes = [
  'trigger',
  'text',
  'media',
  'buttons',
  'list',
  'ask',
  'condition',
  'set_variable',
  'http',
  'ai',
  'template',
  'wait',
  'handoff',
  'jump',
  'end',
] as const;

export type BlockType = (typeof blockTypes)[number];
