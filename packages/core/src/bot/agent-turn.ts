import { agentMemorySchema, emptyAgentMemory, type AgentMemory, type AgentSettings, type AgentTurnResult, type ChatProviderConfig } from '@switchboard/ai-agent';
import type { Prisma } from '@switchboard/db';
import { messageContentSchema } from '@switchboard/flow-engine';
import { parseAgentSettings } from '../ai/agent-bot-settings';
import { loadAiProvider } from '../ai/ai-provider';
import { agentInputText } from './agent-input-text';
import { answerAgentMessage, type KnowledgeUse } from './answer-agent-message';

type AgentAnswer = AgentTurnResult & { knowledge: KnowledgeUse | null };
import { readAgentMedia } from './agent-media';
import { assembleTurn, type PendingInput, type TurnGroup } from './assemble-turn';
import type { BotRuntimeDeps, ChannelForGraph } from './bot-runtime-deps';
import { queueBotReplies } from './bot-reply-chain';
import { lockConversation, passInboxBarrier } from './conversation-locks';
import type { BotReplyRow } from './enqueue-bot-reply';
import { findChannelBot } from './find-channel-bot';
import { handoffConversation } from './handoff-conversation';
import { pendingInputs } from './open-turn';
import type { TurnOutcome } from './run-bot-turn';

/** A turn held at the arrival barrier runs again this soon (as in the flow runtime). */
const ARRIVAL_BARRIER_RETRY_MS = 25;
/** Turns one job answers back to back before it hands the rest to a new job. */
const MAX_ROUNDS = 20;
/** Times a turn is recomputed because another worker committed first. */
const MAX_CONFLICTS = 3;

interface Plan {
  conversation: { id: string; workspaceId: string; channelId: string; contactId: string; channel: ChannelForGraph };
  contact: { name: string | null; attributes: Record<string, unknown> };
  botId: string;
  typing: boolean;
  markRead: boolean;
  settings: AgentSettings;
  provider: ChatProviderConfig;
  group: TurnGroup;
  memory: AgentMemory;
  version: number;
}

type PlanResult = { kind: 'turn'; plan: Plan; outcome: TurnOutcome } | { kind: 'done'; outcome: TurnOutcome };

const emptyOutcome = (): TurnOutcome => ({ status: 'idle', dispatch: [], heldReplies: false, timers: [], consumed: {} });

function merge(into: TurnOutcome, from: TurnOutcome): void {
  if (from.status === 'ran' || (from.status === 'missing' && into.status === 'idle')) into.status = from.status;
  into.dispatch.push(...from.dispatch);
  into.heldReplies ||= from.heldReplies;
  if (from.waitUntilMs !== undefined) into.waitUntilMs = Math.min(from.waitUntilMs, into.waitUntilMs ?? Infinity);
  for (const [k, n] of Object.entries(from.consumed)) into.consumed[k] = (into.consumed[k] ?? 0) + n;
}

/**
 * Answers an agent-mode bot's conversation (docs/ai-agent.md). The model is
 * never called inside a transaction: a short transaction under the
 * conversation's turn lock picks the next turn and takes a lease on the
 * conversation's agent memory; the agent then runs with no lock held, so a
 * slow model blocks neither the database nor other conversations; a second
 * short transaction commits replies, handoff, memory and consumed inputs only
 * if the memory version and the inputs are unchanged, else the turn is
 * computed again from the new state.
 */
export async function runAgentBotTurn(deps: BotRuntimeDeps, conversationId: string): Promise<TurnOutcome> {
  const total = emptyOutcome();
  let conflicts = 0;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const planned = await deps.prisma.$transaction((tx) => planTurn(tx, deps, conversationId), { maxWait: 10_000, timeout: 30_000 });
    merge(total, planned.outcome);
    if (planned.kind === 'done') return total;
    const { plan } = planned;
    let answer: AgentAnswer;
    try {
      answer = await answerTurn(deps, plan);
    } catch (error) {
      // Not a model failure (those become the fallback): release the lease so a retry need not wait for it.
      await deps.prisma.agentMemory
        .updateMany({ where: { conversationId, version: plan.version }, data: { leaseUntil: null } })
        .catch(() => undefined);
      throw error;
    }
    const committed = await deps.prisma.$transaction((tx) => commitTurn(tx, deps, plan, answer), { maxWait: 10_000, timeout: 30_000 });
    if (committed === 'conflict') {
      conflicts += 1;
      deps.logger.warn({ conversation_id: conversationId, conflicts }, 'agent turn raced another worker; computing it again');
      if (conflicts > MAX_CONFLICTS) throw new Error('agent turn kept conflicting with another worker');
      continue;
    }
    merge(total, committed);
  }
  // More is pending than one job should answer: leave it for the next job right away.
  total.waitUntilMs = Math.min(total.waitUntilMs ?? Infinity, (deps.clock ?? Date.now)());
  return total;
}

async function consume(tx: Prisma.TransactionClient, outcome: TurnOutcome, consumed: Map<string, string>): Promise<TurnOutcome> {
  const byOutcome = new Map<string, string[]>();
  for (const [id, result] of consumed) byOutcome.set(result, [...(byOutcome.get(result) ?? []), id]);
  const consumedAt = new Date();
  for (const [result, ids] of byOutcome) {
    const { count } = await tx.botTurnInput.updateMany({ where: { id: { in: ids }, consumedAt: null }, data: { consumedAt, outcome: result } });
    outcome.consumed[result] = (outcome.consumed[result] ?? 0) + count;
  }
  return outcome;
}

async function planTurn(tx: Prisma.TransactionClient, deps: BotRuntimeDeps, conversationId: string): Promise<PlanResult> {
  const outcome = emptyOutcome();
  await lockConversation(tx, 'turn', conversationId);
  await passInboxBarrier(tx, conversationId);
  const conversation = await tx.conversation.findUnique({
    where: { id: conversationId },
    select: {
      id: true, workspaceId: true, channelId: true, contactId: true, owner: true, botId: true,
      channel: { select: { id: true, phoneNumberId: true, accessTokenEnc: true, graphBaseUrl: true, updatedAt: true } },
      contact: { select: { name: true, attributes: true } },
    },
  });
  if (!conversation) return { kind: 'done', outcome: { ...outcome, status: 'missing' } };
  const log = deps.logger.child({ conversation_id: conversationId });

  const rows = await pendingInputs(tx, conversationId, conversation.channelId);
  const consumed = new Map<string, string>();
  const pending: PendingInput[] = [];
  for (const row of rows) {
    if (row.held) break;
    try {
      const content = messageContentSchema.parse(deps.secretBox.decryptJson(row.contentEnc));
      pending.push({ id: row.id, arrivedAtMs: row.arrivedAt.getTime(), wamid: row.wamid, traceId: row.traceId, content });
    } catch (error) {
      log.error({ input_id: row.id, err: (error as Error).message }, 'bot input is unreadable; skipped');
      consumed.set(row.id, 'unreadable');
    }
  }
  const nowMs = (deps.clock ?? Date.now)();
  if (rows.some((row) => row.held)) outcome.waitUntilMs = nowMs + ARRIVAL_BARRIER_RETRY_MS;
  if (pending.length === 0) return { kind: 'done', outcome: await consume(tx, outcome, consumed) };
  outcome.status = 'ran';

  const bot = await findChannelBot(tx, conversation.channelId, conversation.botId ?? rows[0]?.botId ?? null);
  // The bot changed mode since the job was queued: leave the inputs to the flow runtime's next turn.
  if (bot && bot.mode !== 'agent' && conversation.owner === 'bot') return { kind: 'done', outcome: await consume(tx, outcome, consumed) };
  const raw = bot ? await tx.bot.findUnique({ where: { id: bot.id }, select: { settings: true } }) : null;
  const parsed = raw ? parseAgentSettings(raw.settings) : null;
  const provider = bot ? await loadAiProvider(tx, deps.secretBox, conversation.workspaceId) : null;
  let skip: string | null = null;
  if (conversation.owner === 'human') skip = 'human_owned';
  else if (!bot) skip = 'no_bot';
  else if (!parsed?.ok) {
    skip = 'agent_misconfigured';
    log.error({ bot_id: bot.id, problems: parsed && !parsed.ok ? parsed.problems : [] }, 'the agent settings are invalid; the bot does not answer');
  } else if (!provider) {
    skip = 'ai_not_configured';
    log.warn({ bot_id: bot.id, workspace_id: conversation.workspaceId }, 'no AI provider is configured for the workspace; the agent does not answer');
  }
  if (skip || !bot || !parsed?.ok || !provider) {
    for (const input of pending) consumed.set(input.id, skip ?? 'no_bot');
    return { kind: 'done', outcome: await consume(tx, outcome, consumed) };
  }

  const assembly = assembleTurn(pending, { burstWindowMs: bot.settings.burstWindowMs, nowMs });
  if (assembly.kind === 'wait') outcome.waitUntilMs = Math.min(assembly.untilMs, outcome.waitUntilMs ?? Infinity);
  if (assembly.kind !== 'turn') return { kind: 'done', outcome: await consume(tx, outcome, consumed) };

  // The lease keeps a second worker (a job for the next message) from calling the model meanwhile;
  // it outlives the agent's time budget so a turn still running is never raced, and expires if the worker dies.
  const leaseUntil = new Date(nowMs + parsed.settings.timeBudgetMs * 2 + 30_000);
  const leased = await tx.$queryRaw<{ version: number; state_enc: string | null }[]>`
    INSERT INTO agent_memories (conversation_id, workspace_id, bot_id, version, lease_until, created_at, updated_at)
    VALUES (${conversationId}::uuid, ${conversation.workspaceId}::uuid, ${bot.id}::uuid, 0, ${leaseUntil}, now(), now())
    ON CONFLICT (conversation_id) DO UPDATE SET lease_until = EXCLUDED.lease_until, updated_at = now()
      WHERE agent_memories.lease_until IS NULL OR agent_memories.lease_until < ${new Date(nowMs)}
    RETURNING version, state_enc`;
  const memoryRow = leased[0];
  if (!memoryRow) {
    const holder = await tx.agentMemory.findUnique({ where: { conversationId }, select: { leaseUntil: true } });
    outcome.waitUntilMs = Math.min(holder?.leaseUntil?.getTime() ?? nowMs + 1_000, outcome.waitUntilMs ?? Infinity);
    outcome.status = 'idle';
    return { kind: 'done', outcome: await consume(tx, outcome, consumed) };
  }
  let memory = emptyAgentMemory();
  if (memoryRow.state_enc) {
    try {
      memory = agentMemorySchema.parse(deps.secretBox.decryptJson(memoryRow.state_enc));
    } catch (error) {
      log.error({ err: (error as Error).message }, 'the agent memory is unreadable; starting with an empty one');
    }
  }
  await consume(tx, outcome, consumed);
  return {
    kind: 'turn',
    outcome,
    plan: {
      conversation: {
        id: conversation.id, workspaceId: conversation.workspaceId, channelId: conversation.channelId, contactId: conversation.contactId,
        channel: conversation.channel,
      },
      contact: { name: conversation.contact.name, attributes: asRecord(conversation.contact.attributes) },
      botId: bot.id,
      typing: bot.settings.typingIndicator,
      markRead: bot.settings.markRead,
      settings: parsed.settings,
      provider,
      group: assembly.group,
      memory,
      version: memoryRow.version,
    },
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

async function answerTurn(deps: BotRuntimeDeps, plan: Plan): Promise<AgentAnswer> {
  const agent = deps.agent;
  if (!agent) throw new Error('runAgentBotTurn needs deps.agent');
  const log = deps.logger.child({ conversation_id: plan.conversation.id, bot_id: plan.botId });
  if (plan.markRead && deps.markRead) {
    // Best effort and not awaited, as in the flow runtime.
    void deps.markRead({ channel: plan.conversation.channel, wamid: plan.group.last.wamid, typing: plan.typing });
  }
  const model = agent.createModel(plan.provider);
  const media = await readAgentMedia({
    contents: plan.group.contents, settings: plan.settings, agent, model, channel: plan.conversation.channel, logger: log, now: deps.clock ?? Date.now,
  });
  return answerAgentMessage({
    db: deps.prisma, model, embedder: agent.createEmbeddingModel(plan.provider), toolHttp: agent.toolHttp, settings: plan.settings, workspaceId: plan.conversation.workspaceId, botId: plan.botId,
    memory: plan.memory, userMessage: agentInputText(media.contents), images: media.images, contact: plan.contact, logger: log,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
}

async function commitTurn(tx: Prisma.TransactionClient, deps: BotRuntimeDeps, plan: Plan, answer: AgentAnswer): Promise<TurnOutcome | 'conflict'> {
  const { conversation, group } = plan;
  await lockConversation(tx, 'turn', conversation.id);
  const [memoryRow, still, owner] = await Promise.all([
    tx.agentMemory.findUnique({ where: { conversationId: conversation.id }, select: { version: true } }),
    tx.botTurnInput.count({ where: { id: { in: group.inputs.map((i) => i.id) }, consumedAt: null } }),
    tx.conversation.findUnique({ where: { id: conversation.id }, select: { owner: true } }),
  ]);
  if (memoryRow?.version !== plan.version || still !== group.inputs.length || owner?.owner !== 'bot') {
    await tx.agentMemory.updateMany({ where: { conversationId: conversation.id }, data: { leaseUntil: null } });
    return 'conflict';
  }
  const nowMs = (deps.clock ?? Date.now)();
  const traceId = group.last.traceId;
  const replies: BotReplyRow[] = [];
  for (const effect of answer.effects) {
    deps.signal?.({ kind: 'effect', type: `agent_${effect.type}` });
    switch (effect.type) {
      case 'send': {
        const { type } = effect.message;
        const body = type === 'text' ? effect.message.text : effect.message.interactive;
        replies.push({
          workspaceId: conversation.workspaceId, channelId: conversation.channelId, conversationId: conversation.id, contactId: conversation.contactId,
          type, contentEnc: deps.secretBox.encryptJson({ [type]: body }), traceId, metadata: { bot_id: plan.botId, agent: true },
        });
        break;
      }
      case 'handoff':
        await handoffConversation(tx, {
          workspaceId: conversation.workspaceId, conversationId: conversation.id, botId: plan.botId, reason: effect.reason, traceId, now: new Date(nowMs),
        });
        break;
      case 'save_contact_field':
        await tx.$executeRaw`
          UPDATE contacts SET attributes = coalesce(attributes, '{}'::jsonb) || jsonb_build_object(${effect.field}::text, ${effect.value}::text), updated_at = now()
          WHERE id = ${conversation.contactId}::uuid AND workspace_id = ${conversation.workspaceId}::uuid`;
        break;
      case 'set_variable':
      case 'end':
        // Both live in the memory the agent returned (variables set; an ended conversation's memory cleared).
        break;
    }
  }
  // Tokens are stored on the message the turn answered (one row per model turn), for analytics.
  const usage = {
    model: answer.model, input_tokens: answer.usage.inputTokens, output_tokens: answer.usage.outputTokens, model_calls: answer.modelCalls, outcome: answer.outcome,
    ...(answer.knowledge ? { knowledge: answer.knowledge } : {}),
  };
  await tx.$executeRaw`
    UPDATE messages SET metadata = coalesce(metadata, '{}'::jsonb) || jsonb_build_object('ai_usage', ${JSON.stringify(usage)}::jsonb)
    WHERE id = (SELECT message_id FROM bot_turn_inputs WHERE id = ${group.last.id}::uuid)`;
  await tx.agentMemory.update({
    where: { conversationId: conversation.id },
    data: { stateEnc: deps.secretBox.encryptJson(answer.memory), version: { increment: 1 }, leaseUntil: null, botId: plan.botId },
  });
  const consumed = new Map(group.inputs.map((input) => [input.id, input === group.last ? 'answered' : 'merged']));
  const outcome = await consume(tx, { ...emptyOutcome(), status: 'ran' }, consumed);
  const queued = await queueBotReplies(tx, conversation.id, replies, new Date(nowMs));
  outcome.dispatch = queued.dispatch;
  outcome.heldReplies = queued.held > 0;
  for (const _ of queued.dispatch) deps.signal?.({ kind: 'reply', outcome: 'queued' });
  for (let i = 0; i < queued.held; i += 1) deps.signal?.({ kind: 'reply', outcome: 'held' });
  return outcome;
}

