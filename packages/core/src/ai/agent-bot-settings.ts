import { agentSettingsSchema, type AgentSettings } from '@switchboard/ai-agent';
import { zodIssuesToDetails } from '../zod-issues';

/**
 * Reads the agent settings of an agent-mode bot (`bots.settings.agent`).
 * Unlike the runtime toggles, a broken agent config is not silently
 * defaulted: the problems are returned so the runtime can log them and the
 * dashboard can show them.
 */
export function parseAgentSettings(rawBotSettings: unknown): { ok: true; settings: AgentSettings } | { ok: false; problems: { field: string; message: string }[] } {
  const agent = typeof rawBotSettings === 'object' && rawBotSettings !== null ? (rawBotSettings as Record<string, unknown>).agent : undefined;
  if (agent === undefined) return { ok: false, problems: [{ field: 'agent', message: 'the bot has no agent settings' }] };
  const parsed = agentSettingsSchema.safeParse(agent);
  if (!parsed.success) return { ok: false, problems: zodIssuesToDetails(parsed.error).map((p) => ({ ...p, field: `agent.${p.field}` })) };
  return { ok: true, settings: parsed.data };
}
