import { z } from 'zod';

/** The bot fields the bots page edits; the form validates with the same schema. */
export const botFieldsSchema = z.object({
  name: z.string().trim().min(1, 'a name is required').max(100),
  mode: z.enum(['flow', 'agent']),
  /** The channel (number) it answers; null: detached. */
  channelId: z.uuid().nullable(),
  /** The flow a flow-mode bot runs (its latest published version); null: none. */
  activeFlowId: z.uuid().nullable(),
  enabled: z.boolean(),
});
export type BotFields = z.infer<typeof botFieldsSchema>;
