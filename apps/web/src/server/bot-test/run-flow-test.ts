import { AppError, createPublishedFlows, loadAiProvider, answerFlowAiStep, parseBotSettings, runFlowChain, type ChainSession, type PublishedFlow } from '@switchboard/core';
import type { Prisma, PrismaClient, SecretBox } from '@switchboard/db';
import { FlowDocumentError, StepInputError, type FlowEvent, type JsonValue, type Session } from '@switchboard/flow-engine';
import type { BotTestEvent, BotTestInput } from '../trpc/routers/bot-test/bot-test.schema';
import { parseFlowDocument } from '../trpc/routers/flow/flow-access';
import type { BotTestRuntime } from './bot-test-runtime';

/** The version id a scratch session on a draft is pinned to. */
export const draftVersionId = (flowId: string) => `draft:${flowId}`;

const publishedFlows = createPublishedFlows();

export interface FlowTestRequest {
  workspaceId: string;
  flowId: string;
  source: 'draft' | 'published';
  session: Session | null;
  event: { type: 'message'; content: BotTestInput } | { type: 'timer' };
}

export interface FlowTestResult {
  session: Session | null;
  events: BotTestEvent[];
  handedOff: boolean;
}

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

/**
 * Runs one test-panel event through a flow with the worker's chain
 * (`runFlowChain`), everything in memory: the session comes from and goes back
 * to the browser, sends become `reply` lines, HTTP blocks and AI steps really
 * run (SSRF guard, the workspace's provider) and show as `tool` lines, a
 * handoff or an end is a note. Nothing is stored and nothing reaches WhatsApp.
 */
export async function runFlowTest(prisma: PrismaClient, secretBox: SecretBox, runtime: BotTestRuntime, request: FlowTestRequest): Promise<FlowTestResult> {
  const flow = await prisma.flow.findFirst({
    where: { id: request.flowId, workspaceId: request.workspaceId },
    select: { id: true, name: true, draft: true, botId: true, activeForBot: { select: { id: true, settings: true }, take: 1 } },
  });
  if (!flow) throw new AppError('not_found', 'Flow not found.');
  const bot = flow.botId
    ? await prisma.bot.findFirst({ where: { id: flow.botId, workspaceId: request.workspaceId }, select: { id: true, settings: true } })
    : (flow.activeForBot[0] ?? null);
  const draft = (): PublishedFlow => ({ flowId: flow.id, versionId: draftVersionId(flow.id), version: 0, flow: parseFlowDocument(flow.draft) });
  const db = prisma as Prisma.TransactionClient;
  const latest = (flowId: string) => publishedFlows.latest(db, request.workspaceId, flowId);

  const events: BotTestEvent[] = [];
  let live: ChainSession | null = request.session ? { session: request.session, flowVersionId: request.session.flowVersionId ?? draftVersionId(flow.id) } : null;
  let handedOff = false;
  let provider: Awaited<ReturnType<typeof loadAiProvider>> | undefined;

  const first: FlowEvent =
    request.event.type === 'timer'
      ? { type: 'timer', ...(live?.session.waitingFor ? { nodeId: live.session.waitingFor.nodeId } : {}) }
      : { type: 'message', content: request.event.content };
  try {
    await runFlowChain(
      {
        logger: runtime.logger,
        now: () => Date.now(),
        // Scale 0: a wait is due at once, so the panel's "fire the wait" button resumes it at its wake time.
        timeScale: 0,
        windowOpen: () => true,
        limits: parseBotSettings(bot?.settings ?? {}),
        handedOff: () => handedOff,
        live: async () => live,
        async flowByVersion(versionId) {
          if (versionId === draftVersionId(flow.id)) return draft();
          const version = await db.flowVersion.findFirst({ where: { id: versionId, workspaceId: request.workspaceId }, select: { id: true } });
          return version ? publishedFlows.byVersionId(db, version.id) : null;
        },
        async startFlow() {
          if (request.source === 'draft') return draft();
          const published = await latest(flow.id);
          if (!published) throw new AppError('unprocessable', 'This flow has no published version yet: test the draft, or publish first.');
          return published;
        },
        async jumpTarget(flowId) {
          const target = await prisma.flow.findFirst({ where: { id: flowId, workspaceId: request.workspaceId }, select: { id: true } }).catch(() => null);
          return target ? latest(target.id) : null;
        },
        async saveSession(input) {
          live = input.session.status === 'ended' ? null : { session: input.session, flowVersionId: input.flowVersionId };
          if (input.session.status === 'ended' && input.previous && input.previous.session.startedAt !== input.session.startedAt) {
            events.push({ kind: 'note', text: `The previous session ended (${input.replacedReason}).` });
          }
        },
        async endLive(reason) {
          live = null;
          events.push({ kind: 'note', text: `The flow was stopped: ${reason}.` });
        },
        send: (effect) => events.push({ kind: 'reply', nodeId: effect.nodeId, message: effect.message }),
        refused: (effect, problem) => events.push({ kind: 'note', text: `Block ${effect.nodeId} produced a message WhatsApp would refuse (not sent): ${problem}` }),
        async http(effect) {
          const outcome = await runtime.http(effect.request);
          events.push({
            kind: 'tool',
            name: `HTTP ${effect.request.method} (block ${effect.nodeId})`,
            arguments: { url: effect.request.url, ...(effect.request.body === undefined ? {} : { body: effect.request.body }) },
            ok: outcome.error === undefined && (outcome.status ?? 0) < 400,
            result: outcome.error ?? `${outcome.status ?? ''} ${show(outcome.body)}`.trim(),
          });
          return outcome;
        },
        async ai(effect) {
          provider ??= await loadAiProvider(prisma, secretBox, request.workspaceId);
          const { fed } = await answerFlowAiStep(
            { db: prisma, agent: runtime.agent, provider, botSettings: bot?.settings ?? null, workspaceId: request.workspaceId, botId: bot?.id ?? null, logger: runtime.logger },
            effect,
          );
          events.push({
            kind: 'tool',
            name: `AI step (block ${effect.nodeId})`,
            arguments: { prompt: effect.prompt, ...(effect.outputSchema ? { outputSchema: effect.outputSchema } : {}) },
            ok: fed.error === undefined,
            result: fed.error ?? show(fed.output as JsonValue),
          });
          return fed;
        },
        async handoff(effect) {
          handedOff = true;
          events.push({ kind: 'note', text: `Handed to a human: ${effect.reason}. The bot stops answering this conversation.` });
        },
        observe(effect) {
          if (effect.type === 'wait') events.push({ kind: 'note', text: `Waits until ${effect.wakeAt}. Use "Fire the wait" to go on now.` });
          if (effect.type === 'jump') events.push({ kind: 'note', text: `Jumps to flow ${effect.flowId} (its latest published version).` });
        },
        ended: (reason) => events.push({ kind: 'note', text: `The session ended: ${reason}.` }),
      },
      first,
    );
  } catch (error) {
    // A session from another draft, or a document the engine refuses: tell the tester to reset.
    if (error instanceof StepInputError || error instanceof FlowDocumentError) {
      throw new AppError('unprocessable', `The flow could not run this message (${error.message}). Reset the test conversation.`);
    }
    throw error;
  }
  return { session: live?.session ?? null, events, handedOff };
}
