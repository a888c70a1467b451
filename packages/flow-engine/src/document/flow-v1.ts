import { z } from 'zod';
import type { BlockType } from '../block-type';
import { blockTypes } from '../block-type';
import { blockDefinitions } from '../blocks/block-definitions';
import { jsonValueSchema, variableNameSchema } from '../json-value';

const positionSchema = z.object({ x: z.number(), y: z.number() });
const idSchema = z.string().min(1).max(200);

/** Declared variable types; the linter checks operators and defaults against them. */
export const variableTypes = ['string', 'number', 'boolean', 'date', 'json'] as const;

export const flowVariableSchema = z.object({
  name: variableNameSchema,
  type: z.enum(variableTypes).default('string'),
  default: jsonValueSchema.optional(),
});

/** Flow-wide triggers besides the trigger node: words that restart the flow from the top at any time. */
export const flowTriggersSchema = z.object({
  restartKeywords: z.array(z.string().trim().min(1)).default([]),
});

export const flowEdgeSchema = z.object({
  id: idSchema,
  source: idSchema,
  // React Flow stores `null` for a node's only handle; it means `next`.
  sourceHandle: z
    .string()
    .nullish()
    .transform((handle) => handle ?? 'next'),
  target: idSchema,
});

function nodeSchemaFor<K extends BlockType>(type: K) {
  return z.object({
    id: idSchema,
    type: z.literal(type),
    position: positionSchema.default({ x: 0, y: 0 }),
    data: blockDefinitions[type].dataSchema,
  });
}

/** A node of a given block type, with that block's data. */
export type FlowNodeOf<K extends BlockType> = {
  id: string;
  type: K;
  position: { x: number; y: number };
  data: z.infer<(typeof blockDefinitions)[K]['dataSchema']>;
};
/** Any node: a union discriminated by `type`. */
export type FlowNode = { [K in BlockType]: FlowNodeOf<K> }[BlockType];

const nodeVariants = blockTypes.map((type) => nodeSchemaFor(type));

/** One node, validated against its block's data schema (structure only; WhatsApp limits are lint findings). */
export const flowNodeSchema = z.discriminatedUnion(
  'type',
  nodeVariants as [(typeof nodeVariants)[number], ...(typeof nodeVariants)[number][]],
) as unknown as z.ZodType<FlowNode>;

/** Version 1 of the flow document. */
export const flowV1Schema = z.object({
  version: z.literal(1),
  id: z.string().optional(),
  name: z.string().min(1).max(200),
  variables: z.array(flowVariableSchema).default([]),
  triggers: flowTriggersSchema.default({ restartKeywords: [] }),
  nodes: z.array(flowNodeSchema),
  edges: z.array(flowEdgeSchema).default([]),
});

export type FlowV1 = z.infer<typeof flowV1Schema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowVariable = z.infer<typeof flowVariableSchema>;
