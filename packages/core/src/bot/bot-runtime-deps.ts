import type { PrismaClient, SecretBox } from '@switchboard/db';
import type { FlowEffectOf, JsonValue } from '@switchboard/flow-engine';
import type { Logger } from '@switchboard/observability';
import type { PublishedFlows } from '../flow-session/published-flows';
import type { SqlTransactionPool } from '../ports/sql-pool';
import type { AgentRuntimeDeps } from './agent-runtime-deps';

/** What the runtime feeds back to the engine after executing an `http` effect. */
export interface HttpEffectResult {
  status?: number;
  body?: JsonValue;
  error?: string;
}

/** Executes a flow `http` effect (SSRF-guarded, with the effect's timeout and size cap). Never throws. */
export type HttpEffectPort = (request: FlowEffectOf<'http'>['request']) => Promise<HttpEffectResult>;

/** The channel fields a Graph call needs. */
export interface ChannelForGraph {
  id: string;
  phoneNumberId: string;
  accessTokenEnc: string;
  graphBaseUrl: string | null;
  updatedAt: Date;
}

/** Marks an inbound message read, optionally with the typing indicator. Best effort: it must not throw. */
export type MarkReadPort = (target: { channel: ChannelForGraph; wamid: string; typing: boolean }) => Promise<void>;

/** Things the runtime counts; the worker turns them into Prometheus metrics. */
export type BotRuntimeSignal =
  | { kind: 'effect'; type: string }
  | { kind: 'session_end'; reason: string }
  | { kind: 'input'; outcome: string }
  | { kind: 'reply'; outcome: 'queued' | 'held' | 'invalid' };

export interface BotRuntimeDeps {
  prisma: PrismaClient;
  /** Plain pg pool: a flow turn's transaction and the reply chain's promotions run here, without Prisma (docs/performance.md). */
  sql: SqlTransactionPool;
  secretBox: SecretBox;
  logger: Logger;
  flows: PublishedFlows;
  http: HttpEffectPort;
  markRead?: MarkReadPort;
  /** ms since the epoch. */
  clock?: () => number;
  /** Multiplies flow waits (tests squeeze an hour into seconds). Default 1. */
  timeScale?: number;
  /** Upper bound of one turn's transaction, HTTP effects included. Default 120 s. */
  turnTimeoutMs?: number;
  signal?: (signal: BotRuntimeSignal) => void;
  /** The AI agent (agent-mode bots, flow AI steps); absent, agent bots stay silent and AI steps take their error edge. */
  agent?: AgentRuntimeDeps;
}
