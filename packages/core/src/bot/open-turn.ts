import type { ConversationOwner, FlowSessionStatus, Prisma } from '@switchboard/db';
import type { SqlClient, SqlResult } from '../ports/sql-pool';
import { turnLockStatement } from './conversation-locks';
import type { ChannelForGraph } from './bot-runtime-deps';
import { parseBotSettings } from './bot-settings';
import type { ChannelBot } from './find-channel-bot';

/** Most pending inputs one turn reads. */
export const TURN_INPUT_BATCH = 200;
/** An earlier webhook still unprocessed after this long no longer holds a conversation back. */
export const ARRIVAL_BARRIER_MAX_MS = 3_000;

/** A pending input of the conversation, flagged when it is behind the arrival barrier. */
export interface PendingRow {
  id: string;
  botId: string;
  wamid: string;
  traceId: string;
  contentEnc: string;
  arrivedAt: Date;
  /** Behind the arrival barrier: not to be answered in this turn. */
  held: boolean;
}

/** Everything a turn reads before it runs the engine. */
export interface TurnContext {
  conversation: {
    id: string;
    workspaceId: string;
    channelId: string;
    contactId: string;
    owner: ConversationOwner;
    windowExpiresAt: Date | null;
    channel: ChannelForGraph;
  };
  pending: PendingRow[];
  /** The live (active/waiting) session row, state not yet parsed. */
  session: { id: string; flowVersionId: string; waitingUntil: Date | null; status: FlowSessionStatus; state: unknown } | null;
  /** The conversation's bot (pinned, else the first pending input's, else the channel's oldest enabled one). */
  bot: ChannelBot | null;
  /**
   * The version a new session starts on: the newest published version of the bot's active flow, or,
   * for a test contact (`contacts.test_flow_version_id`, the flow builder's test panel), its test
   * version, which then answers in flow mode whatever the bot runs for everyone else.
   */
  latestVersionId: string | null;
}

interface Row {
  id: string;
  workspace_id: string;
  channel_id: string;
  contact_id: string;
  owner: ConversationOwner;
  window_expires_at: Date | null;
  phone_number_id: string;
  access_token_enc: string;
  graph_base_url: string | null;
  channel_updated_at: Date;
  inputs: { id: string; botId: string; wamid: string; traceId: string; contentEnc: string; arrivedAt: string; held: boolean }[];
  session: { id: string; flow_version_id: string; waiting_until: string | null; status: FlowSessionStatus; state: unknown } | null;
  bot: { id: string; workspace_id: string; mode: 'flow' | 'agent'; active_flow_id: string | null; settings: unknown } | null;
  latest_version_id: string | null;
  test_version_id: string | null;
}

// $1 conversation, $2 most inputs, $3 arrival barrier (seconds). Prepared once per connection
// (`PREPARE`), so the turn's first round trip can run it by `EXECUTE` after BEGIN and the locks.
const TURN_CONTEXT = `WITH conv AS (
      SELECT c.id, c.workspace_id, c.channel_id, c.contact_id, c.owner, c.bot_id, c.window_expires_at,
        ch.phone_number_id, ch.access_token_enc, ch.graph_base_url, ch.updated_at AS channel_updated_at,
        ct.test_flow_version_id
      FROM conversations c JOIN channels ch ON ch.id = c.channel_id JOIN contacts ct ON ct.id = c.contact_id WHERE c.id = $1::uuid
    ), pending AS (
      SELECT id, bot_id, wamid, trace_id, content_enc, arrived_at, received_at, seq
      FROM bot_turn_inputs WHERE conversation_id = $1::uuid AND consumed_at IS NULL
      ORDER BY received_at, seq LIMIT $2
    ), barrier AS (
      SELECT min(received_at) AS at FROM inbound_webhooks
      WHERE channel_id = (SELECT channel_id FROM conv) AND processed_at IS NULL
        AND received_at <= (SELECT max(received_at) FROM pending)
        AND received_at > now() - make_interval(secs => $3)
    ), inputs AS (
      SELECT coalesce(json_agg(json_build_object(
        'id', p.id, 'botId', p.bot_id, 'wamid', p.wamid, 'traceId', p.trace_id, 'contentEnc', p.content_enc,
        'arrivedAt', p.arrived_at, 'held', coalesce(p.received_at >= b.at, false)) ORDER BY p.received_at, p.seq), '[]'::json) AS rows
      FROM pending p CROSS JOIN barrier b
    ), pinned AS (
      SELECT coalesce((SELECT bot_id FROM conv), (SELECT bot_id FROM pending ORDER BY received_at, seq LIMIT 1)) AS id
    ), bot AS (
      SELECT b.id, b.workspace_id, b.mode, b.active_flow_id, b.settings FROM bots b
      WHERE b.enabled AND CASE WHEN (SELECT id FROM pinned) IS NOT NULL THEN b.id = (SELECT id FROM pinned)
        ELSE b.channel_id = (SELECT channel_id FROM conv) END
      ORDER BY b.created_at ASC LIMIT 1
    ), session AS (
      SELECT id, flow_version_id, waiting_until, status, state FROM flow_sessions
      WHERE conversation_id = $1::uuid AND status IN ('active', 'waiting') ORDER BY created_at DESC LIMIT 1
    )
    SELECT conv.id::text, conv.workspace_id::text, conv.channel_id::text, conv.contact_id::text, conv.owner::text AS owner,
      conv.window_expires_at, conv.phone_number_id, conv.access_token_enc, conv.graph_base_url, conv.channel_updated_at,
      (SELECT rows FROM inputs) AS inputs,
      (SELECT row_to_json(session) FROM session) AS session,
      (SELECT row_to_json(bot) FROM bot) AS bot,
      (SELECT fv.id::text FROM flow_versions fv, bot
        WHERE fv.flow_id = bot.active_flow_id AND fv.workspace_id = bot.workspace_id AND fv.kind = 'published'
        ORDER BY fv.version DESC LIMIT 1) AS latest_version_id,
      (SELECT fv.id::text FROM flow_versions fv
        WHERE fv.id = conv.test_flow_version_id AND fv.workspace_id = conv.workspace_id AND fv.kind = 'test') AS test_version_id
    FROM conv`;

const prepared = new WeakSet<SqlClient>();

/**
 * The pending inputs are the conversation's unanswered messages in the order our API received their
 * webhooks (microseconds, compared in SQL), each flagged when it is behind the arrival barrier. Two
 * webhooks of one conversation may be processed by different inbound workers, and the later one can
 * commit first; so a message is held while an older webhook of the channel is still unprocessed (its
 * transaction has not committed, so it may carry an earlier message of this conversation), and the
 * turn runs again shortly for it. A webhook stuck for longer than `barrierMaxMs` (a crashed worker;
 * the sweep will store it) stops holding conversations back.
 *
 * Opens the turn's transaction and reads its whole starting state in ONE round trip: `BEGIN`, the
 * turn lock and the inbox barrier (`turnLockStatement`), then the conversation with its channel, the
 * pending inputs in arrival order with the arrival barrier, the live session, the bot and its flow's
 * newest published version — one simple-protocol message of three statements, so the read gets its
 * own snapshot after the locks (each statement of a simple query does, in READ COMMITTED). Only the
 * conversation id (checked to be a uuid) and two numbers are inlined.
 */
export async function openTurn(
  db: SqlClient,
  conversationId: string,
  options: { batch: number; barrierMaxMs: number; timeoutMs: number },
): Promise<TurnContext | null> {
  if (!prepared.has(db)) {
    await db.query(`PREPARE sb_bot_turn_context(uuid, int, float8) AS ${TURN_CONTEXT}`);
    prepared.add(db);
  }
  const results = (await db.query(
    `BEGIN; SET LOCAL idle_in_transaction_session_timeout = ${Math.trunc(options.timeoutMs)}; ${turnLockStatement(conversationId)};
     EXECUTE sb_bot_turn_context('${conversationId}', ${Math.trunc(options.batch)}, ${Number(options.barrierMaxMs / 1000)})`,
  )) as unknown as SqlResult<Row>[];
  const row = results[results.length - 1]?.rows[0];
  if (!row) return null;
  return {
    conversation: {
      id: row.id,
      workspaceId: row.workspace_id,
      channelId: row.channel_id,
      contactId: row.contact_id,
      owner: row.owner,
      windowExpiresAt: row.window_expires_at,
      channel: {
        id: row.channel_id,
        phoneNumberId: row.phone_number_id,
        accessTokenEnc: row.access_token_enc,
        graphBaseUrl: row.graph_base_url,
        updatedAt: row.channel_updated_at,
      },
    },
    pending: row.inputs.map((input) => ({ ...input, arrivedAt: new Date(input.arrivedAt) })),
    session: row.session && {
      id: row.session.id,
      flowVersionId: row.session.flow_version_id,
      waitingUntil: row.session.waiting_until === null ? null : new Date(row.session.waiting_until),
      status: row.session.status,
      state: row.session.state,
    },
    bot: row.bot && {
      id: row.bot.id,
      workspaceId: row.bot.workspace_id,
      mode: row.test_version_id ? 'flow' : row.bot.mode,
      activeFlowId: row.bot.active_flow_id,
      settings: parseBotSettings(row.bot.settings),
    },
    latestVersionId: row.test_version_id ?? row.latest_version_id,
  };
}

/**
 * Only the pending inputs with their arrival-barrier flags (the same rules as in
 * `openTurn`), for the agent turn, which reads the rest of its state itself.
 */
export async function pendingInputs(tx: Prisma.TransactionClient, conversationId: string, channelId: string): Promise<PendingRow[]> {
  return tx.$queryRaw<PendingRow[]>`
    WITH pending AS (
      SELECT id, bot_id, wamid, trace_id, content_enc, arrived_at, received_at, seq
      FROM bot_turn_inputs WHERE conversation_id = ${conversationId}::uuid AND consumed_at IS NULL
      ORDER BY received_at, seq LIMIT ${TURN_INPUT_BATCH}
    ), barrier AS (
      SELECT min(received_at) AS at FROM inbound_webhooks
      WHERE channel_id = ${channelId}::uuid AND processed_at IS NULL
        AND received_at <= (SELECT max(received_at) FROM pending)
        AND received_at > now() - make_interval(secs => ${ARRIVAL_BARRIER_MAX_MS / 1000})
    )
    SELECT p.id::text AS "id", p.bot_id::text AS "botId", p.wamid, p.trace_id AS "traceId", p.content_enc AS "contentEnc",
      p.arrived_at AS "arrivedAt", coalesce(p.received_at >= b.at, false) AS "held"
    FROM pending p CROSS JOIN barrier b
    ORDER BY p.received_at, p.seq`;
}
