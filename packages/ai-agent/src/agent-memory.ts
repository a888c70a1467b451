import { z } from 'zod';

/** One exchange kept verbatim: what the user wrote and what the agent answered (tool actions noted). */
export const memoryTurnSchema = z.object({ user: z.string(), assistant: z.string() });

/** What an agent remembers of a conversation between turns; the runtime stores it (encrypted). */
export const agentMemorySchema = z.object({
  /** Rolling summary of the turns no longer kept verbatim. */
  summary: z.string().default(''),
  turns: z.array(memoryTurnSchema).default([]),
  /** Variables the agent set (`set_variable`), also readable by HTTP tool templates as `{{vars.x}}`. */
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});

export type MemoryTurn = z.infer<typeof memoryTurnSchema>;
export type AgentMemory = z.infer<typeof agentMemorySchema>;

/** A conversation the agent has never seen. */
export const emptyAgentMemory = (): AgentMemory => ({ summary: '', turns: [], variables: {} });
