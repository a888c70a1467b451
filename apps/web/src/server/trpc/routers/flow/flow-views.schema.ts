import { flowV1Schema } from '@switchboard/flow-engine';
import { z } from 'zod';

/** The draft's revision: its last save time in epoch ms; a save names the one it started from. */
export const draftRevisionSchema = z.number().int().nonnegative();

/** A flow id scoped by the workspace input every flow procedure accepts. */
export const flowRefInput = z.object({ workspaceId: z.uuid().optional(), flowId: z.uuid() });

export const lintFindingSchema = z.object({
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});

export const flowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  botId: z.string().nullable(),
  botName: z.string().nullable(),
  nodeCount: z.number().int(),
  draftUpdatedAt: z.date(),
  latestVersion: z.number().int().nullable(),
  latestPublishedAt: z.date().nullable(),
});
export type FlowSummary = z.infer<typeof flowSummarySchema>;

/** The draft as the builder loads it: the document, its revision and what the linter says about it. */
export const flowDraftSchema = z.object({
  id: z.string(),
  name: z.string(),
  revision: draftRevisionSchema,
  document: flowV1Schema,
  findings: z.array(lintFindingSchema),
  latestVersion: z.number().int().nullable(),
});
export type FlowDraft = z.infer<typeof flowDraftSchema>;

/** One published, immutable version of a flow. */
export const flowVersionSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  note: z.string().nullable(),
  publishedAt: z.date(),
  publishedBy: z.string().nullable(),
});
export type FlowVersionView = z.infer<typeof flowVersionSchema>;
