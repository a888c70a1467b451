import { agentSettingsSchema, emptyAgentMemory, type AgentMemory, type AgentTurnResult } from '@switchboard/ai-agent';
import { AppError, answerAgentMessage, getBotAgentSettings, loadAiProvider, zodIssuesToDetails } from '@switchboard/core';
import type { PrismaClient, SecretBox } from '@switchboard/db';
import type { BotTestEvent } from '../trpc/routers/bot-test/bot-test.schema';
import type { BotTestRuntime } from './bot-test-runtime';

export interface AgentTestRequest {
  workspaceId: string;
  botId: string;
  /** Unsaved settings from the agent form; absent: the bot's stored settings. */
  settings?: Record<string, unknown>;
  memory: AgentMemory | null;
  message: string;
}

// The tester is not a contact: the agent sees a fixed name and no saved fields.
const TEST_CONTACT = { name: 'Test user', attributes: {} };

/**
 * Answers one test-panel message with the bot's agent, exactly as the worker
 * does (`answerAgentMessage`: knowledge, the agent loop, the workspace's model,
 * HTTP tools through the SSRF guard), but the memory comes from and goes back
 * to the browser and the effects become lines of the panel: nothing is stored
 * (no contact field, no handoff) and nothing reaches WhatsApp.
 */
export async function runAgentTest(
  prisma: PrismaClient,
  secretBox: SecretBox,
  runtime: BotTestRuntime,
  request: AgentTestRequest,
): Promise<AgentTurnResult & { events: BotTestEvent[] }> {
  const stored = await getBotAgentSettings(prisma, request.workspaceId, request.botId);
  let settings = stored.settings;
  if (request.settings) {
    const parsed = agentSettingsSchema.safeParse(request.settings);
    if (!parsed.success) {
      const details = zodIssuesToDetails(parsed.error);
      throw new AppError('validation_failed', `Invalid agent settings: ${details.slice(0, 5).map((d) => `${d.field}: ${d.message}`).join('; ')}`, { details });
    }
    settings = parsed.data;
  }
  if (!settings) throw new AppError('unprocessable', 'This bot has no agent settings yet: fill in the form first.');
  const provider = await loadAiProvider(prisma, secretBox, request.workspaceId);
  if (!provider) throw new AppError('unprocessable', 'No AI provider is configured for this workspace (AI provider page).');

  const result = await answerAgentMessage({
    db: prisma,
    model: runtime.agent.createModel(provider),
    embedder: runtime.agent.createEmbeddingModel(provider),
    toolHttp: runtime.agent.toolHttp,
    settings,
    workspaceId: request.workspaceId,
    botId: request.botId,
    memory: request.memory ?? emptyAgentMemory(),
    userMessage: request.message,
    contact: TEST_CONTACT,
    logger: runtime.logger,
  });
  const events: BotTestEvent[] = result.toolCalls.map((call) => ({ kind: 'tool', name: call.name, arguments: call.arguments, ok: call.ok, result: call.result }));
  for (const effect of result.effects) {
    switch (effect.type) {
      case 'send':
        events.push({ kind: 'reply', message: effect.message });
        break;
      case 'handoff':
        events.push({ kind: 'note', text: `Handed to a human: ${effect.reason}.` });
        break;
      case 'save_contact_field':
        events.push({ kind: 'note', text: `Would save the contact field ${effect.field} = ${effect.value} (not stored in a test).` });
        break;
      case 'set_variable':
        events.push({ kind: 'note', text: `Variable ${effect.name} = ${JSON.stringify(effect.value)}.` });
        break;
      case 'end':
        events.push({ kind: 'note', text: `The conversation ended (${effect.reason}); the next message starts over.` });
        break;
    }
  }
  if (result.failure) events.push({ kind: 'note', text: `The fallback was used: ${result.failure}.` });
  return { ...result, events };
}
