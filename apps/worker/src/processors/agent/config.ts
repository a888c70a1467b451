import { z } from 'zod';

const csv = z
  .string()
  .transform((s) => s.split(',').map((part) => part.trim()).filter(Boolean));

const agentConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /**
   * How the worker reaches a workspace's model provider. `public` (default): through the SSRF guard,
   * HTTPS only, no private addresses. `any`: plain fetch, for a self-hosted model server on the
   * private network (Ollama, vLLM, LM Studio) — only when every workspace admin is trusted.
   */
  AI_PROVIDER_NETWORK: z.enum(['public', 'any']).default('public'),
  /** Tests only: exact host:port entries a provider may use although private (http allowed). Refused in production. */
  AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS: csv.default([]),
  /** Largest model response read (a chat completion is a few kB). */
  AI_PROVIDER_MAX_RESPONSE_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 * 1024),
});

export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** Reads the AI agent's settings from the environment (validated once, at start). */
export function loadAgentConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const result = agentConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid AI agent configuration:\n${problems}`);
  }
  if (result.data.NODE_ENV === 'production' && result.data.AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS.length > 0) {
    throw new Error('Invalid AI agent configuration:\n  AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS: not allowed in production');
  }
  return result.data;
}
