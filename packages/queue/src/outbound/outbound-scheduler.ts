import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { outboundEntrySchema, type LeasedOutboundEntry, type OutboundEntry, type OutboundLane } from './outbound-entry';
import {
  ackScript,
  deferScript,
  dequeueScript,
  enqueueScript,
  penalizeChannelScript,
  penalizeRecipientScript,
  reapScript,
  reserveRecipientScript,
  setChannelRateScript,
} from './outbound-scripts';

export interface OutboundSchedulerOptions {
  /** Key prefix; the braces keep every key in one Redis Cluster slot. Default `sb:{outbound}`. */
  prefix?: string;
  /** How long a dequeued entry belongs to its worker before another may take it. Default 60 s. */
  leaseMs?: number;
  /** Share of a channel's tier we actually use, so jitter never crosses Meta's limit (130429). Default 0.85. */
  pacingFactor?: number;
  /** Burst allowed per channel, as a share of its per-second rate. Default 0.05. */
  burstFraction?: number;
  /** Spacing of sends for a channel whose tier no worker has recorded yet. Default 250 ms. */
  unknownRateIntervalMs?: number;
  /** Upper bound on channels looked at in one dequeue, so a script never runs long. Default 500. */
  maxProbes?: number;
  /** Clock, ms since the epoch (tests drive it). */
  now?: () => number;
}

/** Pair-rate parameters (Meta: a burst of about 45, then about 1 per 6 s). */
export interface RecipientPacing {
  intervalMs: number;
  burst: number;
}

export interface DequeueResult {
  entries: LeasedOutboundEntry[];
  /** Earliest time something blocked (a delayed entry, a paced channel) becomes ready, if any. */
  wakeAt: number | undefined;
}

export interface SchedulerStats {
  entries: number;
  inflight: number;
  delayed: number;
}

/** The outbound scheduler: lanes, per-workspace fairness and per-number pacing on Redis. */
export type OutboundScheduler = ReturnType<typeof createOutboundScheduler>;

function script(lua: string) {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

async function run(redis: Redis, s: { lua: string; sha: string }, args: (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, 0, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return redis.eval(s.lua, 0, ...args);
    throw error;
  }
}

const scripts = {
  enqueue: script(enqueueScript),
  dequeue: script(dequeueScript),
  ack: script(ackScript),
  defer: script(deferScript),
  reap: script(reapScript),
  penalizeChannel: script(penalizeChannelScript),
  reserveRecipient: script(reserveRecipientScript),
  penalizeRecipient: script(penalizeRecipientScript),
  setChannelRate: script(setChannelRateScript),
};

const recipientPart = /^[A-Za-z0-9_.+-]{1,128}$/;

/**
 * Creates the scheduler on a Redis connection (not a blocking one; `waitForWork` takes its own).
 * Redis is transport only: losing every key loses no message, because the sweep re-enqueues from Postgres.
 */
export function createOutboundScheduler(redis: Redis, options: OutboundSchedulerOptions = {}) {
  const prefix = options.prefix ?? 'sb:{outbound}';
  const leaseMs = options.leaseMs ?? 60_000;
  const pacingFactor = options.pacingFactor ?? 0.85;
  const burstFraction = options.burstFraction ?? 0.05;
  const unknownRateIntervalMs = options.unknownRateIntervalMs ?? 250;
  const maxProbes = options.maxProbes ?? 500;
  const now = options.now ?? Date.now;
  let bellConnection: Redis | undefined;
  let closed = false;

  const recipientKey = (recipient: string) => {
    if (!recipientPart.test(recipient)) throw new Error(`recipient "${recipient}" cannot be used as a pacing key`);
    return recipient;
  };

  return {
    prefix,

    /** Adds entries; an entry whose message is already scheduled (ready, delayed or leased) is ignored. Returns how many were new. */
    async enqueue(entries: OutboundEntry[]): Promise<number> {
      if (entries.length === 0) return 0;
      const args: (string | number)[] = [prefix, now()];
      for (const entry of entries) {
        const e = outboundEntrySchema.parse(entry);
        args.push(e.messageId, e.lane, e.workspaceId, e.channelId);
      }
      return Number(await run(redis, scripts.enqueue, args));
    },

    /** Leases up to `max` entries that may be sent now, highest lane first, fair across workspaces, paced per channel. */
    async dequeue(max: number, token: string = randomUUID()): Promise<DequeueResult> {
      const reply = (await run(redis, scripts.dequeue, [
        prefix,
        now(),
        Math.max(0, Math.floor(max)),
        leaseMs,
        token,
        pacingFactor,
        burstFraction,
        unknownRateIntervalMs,
        maxProbes,
      ])) as [string, ...[string, string, string, string, string, string][]];
      const [wake, ...rows] = reply;
      const entries = rows.map(([messageId, lane, workspaceId, channelId, readyAt, reserved]) => ({
        messageId,
        lane: lane as OutboundLane,
        workspaceId,
        channelId,
        readyAt: Number(readyAt),
        reservedUntil: reserved === '' ? undefined : Number(reserved),
        token,
      }));
      return { entries, wakeAt: wake === '' ? undefined : Number(wake) };
    },

    /** Forgets a leased entry whose message reached a state the pipeline no longer acts on. */
    async ack(entry: Pick<LeasedOutboundEntry, 'messageId' | 'token'>): Promise<boolean> {
      return Number(await run(redis, scripts.ack, [prefix, entry.messageId, entry.token])) === 1;
    },

    /** Hands a leased entry back until `dueAt` (a retry, a pacing slot, an ambiguity wait; now = release at once). */
    async defer(entry: Pick<LeasedOutboundEntry, 'messageId' | 'token'>, dueAt: number, reservedUntil?: number): Promise<boolean> {
      const reply = await run(redis, scripts.defer, [prefix, entry.messageId, entry.token, Math.ceil(dueAt), reservedUntil === undefined ? '' : Math.ceil(reservedUntil)]);
      return Number(reply) === 1;
    },

    /** Returns entries whose lease ran out (their worker died or hung) to the head of their channel. */
    async reapExpiredLeases(max = 1000): Promise<number> {
      return Number(await run(redis, scripts.reap, [prefix, now(), max]));
    },

    /** Pauses one phone number until `untilMs` (Meta answered 130429); other numbers are unaffected. */
    async penalizeChannel(channelId: string, untilMs: number): Promise<void> {
      await run(redis, scripts.penalizeChannel, [prefix, channelId, Math.ceil(untilMs), now()]);
    },

    /** Reserves the next pair-rate slot for (number, recipient); a slot at or before now means send now. */
    async reserveRecipientSlot(channelId: string, recipient: string, pacing: RecipientPacing): Promise<number> {
      const reply = await run(redis, scripts.reserveRecipient, [prefix, channelId, recipientKey(recipient), now(), pacing.intervalMs, pacing.burst]);
      return Number(reply);
    },

    /** Empties the pair's bucket until `untilMs` (Meta answered 131056); the number's other recipients are unaffected. */
    async penalizeRecipient(channelId: string, recipient: string, untilMs: number, pacing: RecipientPacing): Promise<void> {
      await run(redis, scripts.penalizeRecipient, [prefix, channelId, recipientKey(recipient), Math.ceil(untilMs), now(), pacing.intervalMs, pacing.burst]);
    },

    /** Records a channel's throughput tier (messages per second) for pacing. */
    async setChannelRate(channelId: string, mps: number): Promise<void> {
      if (!Number.isFinite(mps) || mps <= 0) throw new Error(`throughput must be a positive number, got ${mps}`);
      await run(redis, scripts.setChannelRate, [prefix, channelId, String(mps)]);
    },

    /** Which of these messages the scheduler holds (ready, delayed or leased). */
    async has(messageIds: string[]): Promise<boolean[]> {
      if (messageIds.length === 0) return [];
      const values = await redis.hmget(`${prefix}:e`, ...messageIds);
      return values.map((v) => v !== null);
    },

    /** Blocks up to `timeoutMs` until an enqueue (or a deferral) rings the bell. */
    async waitForWork(timeoutMs: number): Promise<void> {
      if (closed) return;
      if (!bellConnection) {
        bellConnection = redis.duplicate();
        // A duplicate does not inherit listeners; without one ioredis prints "Unhandled error event"
        // on every reconnect attempt while Redis is down. The failed blpop below is the real signal.
        bellConnection.on('error', () => undefined);
      }
      const seconds = Math.max(0.01, timeoutMs / 1000);
      // close() disconnects mid-wait; that ends the wait rather than failing the caller.
      await bellConnection.blpop(`${prefix}:bell`, seconds).catch(() => undefined);
    },

    /** Counts for gauges. */
    async stats(): Promise<SchedulerStats> {
      const [entries, inflight, delayed] = await Promise.all([
        redis.hlen(`${prefix}:e`),
        redis.zcard(`${prefix}:inflight`),
        redis.zcard(`${prefix}:delayed`),
      ]);
      return { entries, inflight, delayed };
    },

    /** Closes the scheduler's own blocking connection (not the one passed in). */
    close(): void {
      closed = true;
      const connection = bellConnection;
      bellConnection = undefined;
      // A pending BLPOP would hold QUIT back until it times out.
      connection?.disconnect();
    },
  };
}
