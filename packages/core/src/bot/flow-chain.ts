import { step, type FlowEffect, type FlowEffectOf, type FlowEvent, type JsonValue, type Session } from '@switchboard/flow-engine';
import type { Logger } from '@switchboard/observability';
import { outgoingContentSchema } from '@switchboard/whatsapp';
import type { PublishedFlow } from '../flow-session/published-flows';
import type { BotSettings } from './bot-settings';
import type { HttpEffectResult } from './bot-runtime-deps';

// Effects that call the engine again (http → http_result, ai → ai_result, jump → restart) may chain;
// this bounds one event's chain so two flows jumping to each other cannot spin a worker.
export const MAX_FOLLOW_UPS = 25;

/** A live session as the chain sees it: the engine's state and the version it is pinned to. */
export interface ChainSession {
  session: Session;
  flowVersionId: string;
}

/**
 * Where one conversation's flow turn reads and writes: the worker's is Postgres
 * (flow-turn.ts), the dashboard's test panel keeps everything in memory. The
 * chain itself — which version runs, step(), the order effects run in, which
 * results go back into the engine — is the same for both.
 */
export interface FlowChainIo<L extends ChainSession> {
  logger: Logger;
  /** ms since the epoch. */
  now(): number;
  /** Flow waits are multiplied by this (tests squeeze an hour into seconds). */
  timeScale: number;
  windowOpen(nowMs: number): boolean;
  limits: Pick<BotSettings, 'stepBudget' | 'sessionTimeoutMs'>;
  /** True once the conversation belongs to a human: the bot stops. */
  handedOff(): boolean;
  /** The live session (null: none), cached by the io across the turn's events. */
  live(): Promise<L | null>;
  flowByVersion(versionId: string): Promise<PublishedFlow | null>;
  /** The flow a new session starts on (the bot's latest published version; the test panel's draft). */
  startFlow(): Promise<PublishedFlow | null>;
  /** A `jump` target's flow, or null when it is not a flow of the workspace with something to run. */
  jumpTarget(flowId: string): Promise<PublishedFlow | null>;
  /** Stores what step() returned; the io's live session becomes the result (null once ended). */
  saveSession(input: { session: Session; flowVersionId: string; previous: L | null; waitingUntil: Date | null; replacedReason: string }): Promise<void>;
  /** Ends the live session with `reason` outside step() (a runaway chain). */
  endLive(reason: string): Promise<void>;
  /** A message that passed Meta's limits. */
  send(effect: FlowEffectOf<'send'>, published: PublishedFlow): void;
  /** A message Meta would refuse: not sent. */
  refused?(effect: FlowEffectOf<'send'>, problem: string): void;
  http(effect: FlowEffectOf<'http'>): Promise<HttpEffectResult>;
  ai(effect: FlowEffectOf<'ai'>): Promise<{ output?: JsonValue; error?: string }>;
  handoff(effect: FlowEffectOf<'handoff'>, nowMs: number): Promise<void>;
  /** Called for every effect, before it runs (metrics, the test panel's trace). */
  observe?(effect: FlowEffect): void;
  /** Called when the session ends (engine end, runaway chain). */
  ended?(reason: string): void;
}

interface Pending {
  event: FlowEvent;
  /** A jump's target: run there with no session. */
  target?: PublishedFlow;
}

/**
 * Runs one event through a conversation's flow: the live session (or a new one
 * on the start flow), step(), the session stored, then the effects in order,
 * feeding http/ai/jump results back into the engine until nothing is left.
 */
export async function runFlowChain<L extends ChainSession>(io: FlowChainIo<L>, first: FlowEvent): Promise<void> {
  const log = io.logger;
  const queue: Pending[] = [{ event: first }];
  let followUps = 0;
  while (queue.length > 0) {
    const { event, target } = queue.shift() as Pending;
    if (io.handedOff()) {
      log.info({ event: event.type }, 'conversation was handed to a human; the bot stops here');
      return;
    }
    let live = target ? null : await io.live();
    let published: PublishedFlow | null = target ?? null;
    if (!published && live) {
      published = await io.flowByVersion(live.flowVersionId);
      if (!published) {
        log.error({ flow_version_id: live.flowVersionId }, 'the session\'s flow version no longer exists; starting over');
        live = null;
      }
    }
    if (!published) {
      published = await io.startFlow();
      if (!published) {
        log.warn('the bot\'s flow has nothing to run');
        return;
      }
    }

    const realNow = io.now();
    const scale = io.timeScale;
    // Under a time scale a timer fires early in real time; the engine must still see its wake time.
    const wakeAt = live?.session.waitingFor?.wakeAt;
    const engineNow = event.type === 'timer' && scale < 1 && wakeAt ? Math.max(realNow, Date.parse(wakeAt)) : realNow;
    const result = step(published.flow, live?.session ?? null, event, {
      now: engineNow,
      windowOpen: io.windowOpen(realNow),
      flowVersionId: published.versionId,
      limits: {
        ...(io.limits.stepBudget === undefined ? {} : { stepBudget: io.limits.stepBudget }),
        ...(io.limits.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: io.limits.sessionTimeoutMs }),
      },
    });

    if (result.session) {
      const waiting = result.session.waitingFor;
      const waitingUntil =
        result.session.status !== 'ended' && waiting?.kind === 'timer' && waiting.wakeAt
          ? new Date(realNow + Math.max(0, Date.parse(waiting.wakeAt) - engineNow) * scale)
          : null;
      const replacedReason = result.effects.find((e): e is Extract<FlowEffect, { type: 'end' }> => e.type === 'end')?.reason ?? 'replaced';
      await io.saveSession({
        session: result.session,
        flowVersionId: result.session.flowVersionId ?? published.versionId,
        previous: live,
        waitingUntil,
        replacedReason,
      });
    }

    for (const effect of result.effects) {
      io.observe?.(effect);
      switch (effect.type) {
        case 'send': {
          const parsed = outgoingContentSchema.safeParse(effect.message);
          if (!parsed.success) {
            log.error({ node_id: effect.nodeId, err: parsed.error.message }, 'flow produced a message Meta would refuse; not sent');
            io.refused?.(effect, parsed.error.message);
            break;
          }
          io.send(effect, published);
          break;
        }
        case 'http': {
          const outcome = await io.http(effect);
          log.info({ node_id: effect.nodeId, method: effect.request.method, status: outcome.status, error: outcome.error }, 'flow http request done');
          queue.push({ event: { type: 'http_result', nodeId: effect.nodeId, ...outcome } });
          break;
        }
        case 'ai':
          queue.push({ event: { type: 'ai_result', nodeId: effect.nodeId, ...(await io.ai(effect)) } });
          break;
        case 'wait':
          log.info({ node_id: effect.nodeId, wake_at: effect.wakeAt }, 'flow waits');
          break;
        case 'handoff':
          await io.handoff(effect, realNow);
          log.info({ node_id: effect.nodeId, reason: effect.reason }, 'conversation handed to a human');
          break;
        case 'set_variables':
          log.debug({ node_id: effect.nodeId, variables: Object.keys(effect.variables) }, 'flow set variables');
          break;
        case 'jump': {
          const jumped = await io.jumpTarget(effect.flowId);
          if (!jumped) {
            log.error({ node_id: effect.nodeId, flow_id: effect.flowId }, 'jump target flow has no published version; the session ended');
            break;
          }
          queue.push({
            event: { type: 'restart', ...(effect.targetNodeId === undefined ? {} : { nodeId: effect.targetNodeId }), variables: effect.variables },
            target: jumped,
          });
          break;
        }
        case 'end':
          io.ended?.(effect.reason);
          log.info({ node_id: effect.nodeId, reason: effect.reason, detail: effect.detail }, 'flow session ended');
          break;
        case 'log':
          log[effect.level]({ node_id: effect.nodeId, code: effect.code }, effect.message);
          break;
      }
    }
    if (queue.length > 0 && ++followUps > MAX_FOLLOW_UPS) {
      log.error({ follow_ups: followUps }, 'too many chained http/ai/jump results in one event; stopping the flow');
      await io.endLive('effect_loop');
      io.ended?.('effect_loop');
      return;
    }
  }
}
