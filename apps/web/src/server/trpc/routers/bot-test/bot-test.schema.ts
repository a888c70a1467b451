import { agentMemorySchema } from '@switchboard/ai-agent';
import { messageViewSchema } from '@switchboard/core';
import { jsonValueSchema } from '@switchboard/flow-engine';
import { z } from 'zod';

/** One line of the test panel: a bot reply, a tool call (agent tool, flow HTTP or AI step) or a note. */
export const botTestEventSchema = z.discriminatedUnion('kind', [
  /** A message as it would go to WhatsApp (Cloud API shape: `{ type, text | interactive | image | … }`). */
  z.object({ kind: z.literal('reply'), nodeId: z.string().optional(), message: z.looseObject({ type: z.string() }) }),
  z.object({ kind: z.literal('tool'), name: z.string(), arguments: z.record(z.string(), z.unknown()), ok: z.boolean(), result: z.string() }),
  z.object({ kind: z.literal('note'), text: z.string() }),
]);
export type BotTestEvent = z.infer<typeof botTestEventSchema>;

/** What the tester may send: typed text, or a tap on a button or list row the bot sent. */
export const botTestInputSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), body: z.string().min(1, 'type a message').max(4096) }),
  z.object({ type: z.literal('button_reply'), id: z.string().min(1).max(256), title: z.string().max(256) }),
  z.object({ type: z.literal('list_reply'), id: z.string().min(1).max(256), title: z.string().max(256), description: z.string().max(256).optional() }),
]);
export type BotTestInput = z.infer<typeof botTestInputSchema>;

export const agentTestTurnInput = z.object({
  workspaceId: z.uuid().optional(),
  botId: z.uuid(),
  /** Unsaved agent settings from the form (validated with `agentSettingsSchema`); absent: the bot's stored ones. */
  settings: z.record(z.string(), z.unknown()).optional(),
  /** The scratch memory the previous turn returned (null: a new conversation). Kept by the browser only. */
  memory: agentMemorySchema.nullable(),
  message: z.string().min(1, 'type a message').max(4096),
});
export const agentTestTurnOutput = z.object({
  memory: agentMemorySchema,
  events: z.array(botTestEventSchema),
  outcome: z.enum(['answered', 'handoff', 'ended', 'fallback', 'step_budget']),
  failure: z.string().optional(),
  model: z.string(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
});

/** The flow builder's live test run: the user's test contact on the workspace's sandbox channel. */
export const flowTestRunInput = z.object({ workspaceId: z.uuid().optional(), flowId: z.uuid() });
export const flowTestRunSendInput = flowTestRunInput.extend({ content: botTestInputSchema });
export const flowTestRunBindOutput = z.object({ versionId: z.uuid(), version: z.number().int() });

export const flowTestRunMessageSchema = messageViewSchema.pick({ id: true, direction: true, type: true, content: true, status: true, created_at: true, error: true });
export type FlowTestRunMessage = z.infer<typeof flowTestRunMessageSchema>;

export const flowTestRunOutput = z.object({
  /** The sandbox channel the panel chats through; null when the workspace has none. */
  channel: z.object({ id: z.uuid(), phoneNumberId: z.string(), displayPhoneNumber: z.string(), botName: z.string().nullable() }).nullable(),
  /** The test contact's WhatsApp id (one per user). */
  waId: z.string(),
  /** The test version the contact's next session starts on (a snapshot of the draft). */
  snapshot: flowTestRunBindOutput.nullable(),
  owner: z.enum(['bot', 'human']).nullable(),
  /** The conversation as stored, oldest first (latest 100), with each message's status. */
  messages: z.array(flowTestRunMessageSchema),
  /** The conversation's newest flow session of this flow. */
  session: z
    .object({
      id: z.uuid(),
      /** The test version (or published version) it runs. */
      version: z.number().int(),
      kind: z.enum(['published', 'test']),
      /** The draft has changed since this session's snapshot: Reset runs the new one. */
      stale: z.boolean(),
      status: z.enum(['active', 'waiting', 'ended']),
      currentNodeId: z.string().nullable(),
      waitingFor: z.enum(['input', 'timer', 'http', 'ai']).nullable(),
      endReason: z.string().nullable(),
      variables: z.record(z.string(), jsonValueSchema),
    })
    .nullable(),
});
export type FlowTestRun = z.infer<typeof flowTestRunOutput>;
