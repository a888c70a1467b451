// The fault tests' checker (reliability plan §2): after a run, every acknowledged message must be
// terminal, sent exactly once unless flagged possible_duplicate, and its status must never have
// moved backwards — judged both from samples taken during the run and from its event log.
import { canTransition } from '@switchboard/core';
import type { MessageStatus, PrismaClient } from '@switchboard/db';

const rank: Record<MessageStatus, number> = { received: 0, accepted: 0, queued: 1, sending: 2, sent: 3, delivered: 4, read: 5, failed: 6, expired: 6 };
const DONE = new Set<MessageStatus>(['delivered', 'read', 'failed', 'expired']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Backward {
  id: string;
  from: MessageStatus;
  to: MessageStatus;
  how: 'sampled' | 'events';
}

/**
 * Samples the status of every message every `intervalMs` while faults happen, and records each time
 * one was seen further back than before. `sending → queued` is allowed (the explicit retry of a
 * transient Graph failure; the event log says whether one happened). Samples that fail (Postgres
 * connections killed) are skipped.
 */
export function watchStatuses(prisma: PrismaClient, ids: () => string[], intervalMs = 250) {
  const last = new Map<string, MessageStatus>();
  const backwards: Backward[] = [];
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const list = ids();
      try {
        for (let i = 0; i < list.length; i += 5000) {
          const rows = await prisma.message.findMany({ where: { id: { in: list.slice(i, i + 5000) } }, select: { id: true, status: true } });
          for (const row of rows) {
            const before = last.get(row.id);
            if (before !== undefined && rank[row.status] < rank[before] && !(before === 'sending' && row.status === 'queued')) {
              backwards.push({ id: row.id, from: before, to: row.status, how: 'sampled' });
            }
            last.set(row.id, row.status);
          }
        }
        samples += 1;
      } catch {
        // A killed connection: the next sample will do.
      }
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { samples, backwards };
    },
  };
}

/** Waits until every message is delivered/read/failed/expired; returns the ones still open at the deadline. */
export async function waitUntilDone(prisma: PrismaClient, ids: string[], timeoutMs: number): Promise<{ id: string; status: MessageStatus }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let open: { id: string; status: MessageStatus }[] = [];
    try {
      const rows = await prisma.message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
      open = rows.filter((r) => !DONE.has(r.status));
      if (rows.length === ids.length && open.length === 0) return [];
    } catch {
      open = [{ id: 'unknown', status: 'queued' }];
    }
    if (Date.now() > deadline) return open;
    await sleep(250);
  }
}

export interface CheckReport {
  acknowledged: number;
  /** Acknowledged but no row, or no ledger entry and not failed/expired with a reason. */
  lost: string[];
  notTerminal: { id: string; status: MessageStatus }[];
  /** failed/expired without error_code or last_error. */
  failedWithoutReason: string[];
  /** More than one ledger entry and not flagged possible_duplicate. */
  unflaggedDuplicates: { id: string; sends: number }[];
  /** Messages flagged possible_duplicate, and how many of them Meta (the sandbox) really got twice. */
  flagged: number;
  flaggedSentTwice: number;
  /** Sends in the ledger beyond one per message. */
  extraSends: number;
  byStatus: Record<string, number>;
  backwards: Backward[];
  /** Messages whose worker events, in attempt order, include a move the state machine forbids (e.g. `sending` after `sent`). */
  illegalWorkerMoves: string[];
}

/**
 * Checks the outcome of a run from Postgres (messages and message_events) and the sandbox ledger
 * (our id → accepted sends).
 */
export async function checkRun(prisma: PrismaClient, ids: string[], ledger: Map<string, number>): Promise<CheckReport> {
  const rows = await prisma.message.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, possibleDuplicate: true, errorCode: true, lastError: true, events: { select: { status: true, source: true, at: true, attempt: true, id: true } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const report: CheckReport = {
    acknowledged: ids.length, lost: [], notTerminal: [], failedWithoutReason: [], unflaggedDuplicates: [], flagged: 0, flaggedSentTwice: 0,
    extraSends: 0, byStatus: {}, backwards: [], illegalWorkerMoves: [],
  };
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) {
      report.lost.push(id);
      continue;
    }
    report.byStatus[row.status] = (report.byStatus[row.status] ?? 0) + 1;
    const sends = ledger.get(id) ?? 0;
    const settledWithoutSend = row.status === 'failed' || row.status === 'expired';
    if (sends === 0 && !settledWithoutSend) report.lost.push(id);
    if (!DONE.has(row.status)) report.notTerminal.push({ id, status: row.status });
    if (settledWithoutSend && row.errorCode === null && row.lastError === null) report.failedWithoutReason.push(id);
    if (row.possibleDuplicate) report.flagged += 1;
    if (sends > 1) {
      report.extraSends += sends - 1;
      if (row.possibleDuplicate) report.flaggedSentTwice += 1;
      else report.unflaggedDuplicates.push({ id, sends });
    }

    // The final status must be at least as far as anything recorded for the message: a `delivered`
    // event under a `sent` message means the status went back (or a forward move was lost).
    const events = row.events;
    const terminalEvent = events.find((e) => e.status === 'failed' || e.status === 'expired');
    for (const e of events) {
      const finalIsTerminal = row.status === 'failed' || row.status === 'expired';
      if (!finalIsTerminal && (terminalEvent || rank[e.status] > rank[row.status])) {
        report.backwards.push({ id, from: terminalEvent?.status ?? e.status, to: row.status, how: 'events' });
        break;
      }
    }
    // The worker's own moves are compare-and-set transitions, in attempt order: nothing may follow `sent`.
    const worker = events.filter((e) => e.source === 'worker').sort((a, b) => (a.attempt ?? 0) - (b.attempt ?? 0) || a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
    let current: MessageStatus = 'queued';
    for (const e of worker) {
      const legal = canTransition(current, e.status) || (current === 'sending' && e.status === 'queued');
      if (!legal) {
        report.illegalWorkerMoves.push(id);
        break;
      }
      current = e.status;
    }
  }
  return report;
}
