import { z } from 'zod';
import { jsonValueSchema, variableNameSchema } from '../json-value';

/** Inbound message content as the worker normalizes it (template quick-reply taps arrive as `button_reply`). */
export const messageContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), body: z.string() }),
  z.object({ type: z.literal('button_reply'), id: z.string(), title: z.string() }),
  z.object({ type: z.literal('list_reply'), id: z.string(), title: z.string(), description: z.string().optional() }),
  z.object({
    type: z.literal('media'),
    mediaType: z.enum(['image', 'video', 'audio', 'document', 'sticker']),
    id: z.string(),
    mimeType: z.string().optional(),
    caption: z.string().optional(),
    /** A document's file name, as the sender's phone gave it. */
    filename: z.string().optional(),
  }),
  z.object({
    type: z.literal('location'),
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
  }),
  z.object({ type: z.literal('other'), originalType: z.string().optional() }),
]);

/** What happened: a user message, a timer firing, or the result of an effect the worker executed. */
export const flowEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), content: messageContentSchema }),
  z.object({ type: z.literal('timer'), nodeId: z.string().optional() }),
  z.object({
    type: z.literal('http_result'),
    nodeId: z.string().optional(),
    status: z.number().int().optional(),
    body: jsonValueSchema.optional(),
    error: z.string().optional(),
  }),
  z.object({
    type: z.literal('ai_result'),
    nodeId: z.string().optional(),
    output: jsonValueSchema.optional(),
    error: z.string().optional(),
  }),
  // Also how the runtime resolves a cross-flow `jump`: restart the target flow at `nodeId` with `variables`.
  z.object({
    type: z.literal('restart'),
    nodeId: z.string().optional(),
    variables: z.record(variableNameSchema, jsonValueSchema).optional(),
  }),
]);

export type MessageContent = z.infer<typeof messageContentSchema>;
export type FlowEvent = z.infer<typeof flowEventSchema>;
