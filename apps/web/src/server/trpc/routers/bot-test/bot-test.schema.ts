import { agentMemorySchema } from '@switchboard/ai-agent';
import { jsonValueSchema, sessionSchema } from '@switchboard/flow-engine';
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

export const flowTestTurnInput = z.object({
  workspaceId: z.uuid().optional(),
  flowId: z.uuid(),
  /** A new session starts on the current draft or on the latest published version. */
  source: z.enum(['draft', 'published']),
  /** The scratch session the previous turn returned (null: a new conversation). Kept by the browser only. */
  session: sessionSchema.nullable(),
  /** A message, or `timer` to fire the wait the session is in now. */
  event: z.discriminatedUnion('type', [z.object({ type: z.literal('message'), content: botTestInputSchema }), z.object({ type: z.literal('timer') })]),
});
export const flowTestTurnOutput = z.object({
  session: sessionSchema.nullable(),
  events: z.array(botTestEventSchema),
  variables: z.record(z.string(), jsonValueSchema),
  /** `none`: no session (nothing ran, or it ended). */
  status: z.enum(['none', 'active', 'waiting', 'ended']),
  waitingFor: z.enum(['input', 'timer', 'http', 'ai']).nullable(),
  handedOff: z.boolean(),
});

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
