import { z } from 'zod';
import { httpToolSchema } from './http-tool';

/** The built-in tools an agent may be given (see docs/ai-agent.md). */
export const builtInToolNames = ['handoff_to_human', 'set_variable', 'save_contact_field', 'send_buttons', 'send_list', 'end_conversation'] as const;
export type BuiltInToolName = (typeof builtInToolNames)[number];

/** Per-bot agent settings (stored under `settings.agent` of an agent-mode bot). */
export const agentSettingsSchema = z
  .object({
    systemPrompt: z.string().min(1, 'the system prompt is required').max(20_000),
    /** Overrides the provider's default model. */
    model: z.string().min(1).max(200).optional(),
    temperature: z.number().min(0).max(2).default(0.3),
    maxOutputTokens: z.number().int().min(16).max(32_000).default(800),
    /** Turns (a user message and the answer to it) kept verbatim; older ones are folded into a rolling summary. */
    memoryTurns: z.number().int().min(1).max(50).default(10),
    /** Sent once when a conversation with the agent starts, before its first answer. */
    greeting: z.string().max(4096).optional(),
    /** Sent when the model cannot answer (after retries) or breaks the step budget. */
    fallbackMessage: z.string().min(1).max(4096).default('Sorry, I cannot answer right now. Please try again in a moment.'),
    /** Hand the conversation to a human when the model fails. */
    handoffOnFailure: z.boolean().default(false),
    builtInTools: z.array(z.enum(builtInToolNames)).default(['handoff_to_human']),
    httpTools: z.array(httpToolSchema).max(20).default([]),
    /** Contact fields `save_contact_field` may write (none: the tool accepts any field name). */
    contactFields: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/)).max(50).default([]),
    /** Model calls (tool rounds) one turn may take. */
    stepBudget: z.number().int().min(1).max(20).default(6),
    /** Wall time one turn may spend on model calls, retries included. */
    timeBudgetMs: z.number().int().min(1_000).max(120_000).default(30_000),
    /** What the model costs in US dollars per million tokens; analytics shows a cost only for bots that have one. */
    pricing: z
      .object({ inputPerMillionTokens: z.number().min(0).max(10_000), outputPerMillionTokens: z.number().min(0).max(10_000) })
      .optional(),
    /** Knowledge snippets put into the prompt (0 disables retrieval). */
    knowledgeSnippets: z.number().int().min(0).max(10).default(4),
    /** Media the agent reads; anything off (or failing) is named to the agent as unreadable. */
    media: z
      .object({
        /** Voice notes and audio are transcribed with the provider's `/audio/transcriptions`. */
        voice: z.boolean().default(false),
        transcriptionModel: z.string().min(1).max(200).default('whisper-1'),
        /** Images go to the model as image parts (the model must support vision). */
        images: z.boolean().default(false),
        /** PDF documents are reduced to their text (the first pages, cut to a few thousand characters). */
        documents: z.boolean().default(false),
      })
      .default({ voice: false, transcriptionModel: 'whisper-1', images: false, documents: false }),
  })
  .superRefine((settings, ctx) => {
    const names = new Set<string>(settings.builtInTools);
    settings.httpTools.forEach((tool, i) => {
      if (names.has(tool.name)) ctx.addIssue({ code: 'custom', path: ['httpTools', i, 'name'], message: `tool name "${tool.name}" is used twice` });
      names.add(tool.name);
    });
  });

export type AgentSettings = z.infer<typeof agentSettingsSchema>;
export type AgentSettingsInput = z.input<typeof agentSettingsSchema>;
