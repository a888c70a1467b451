import { z } from 'zod';

const share = z.number().min(0).max(1).default(0);

/** Body of `PUT /_sandbox/numbers/{id}/faults`; omitted fields are 0 (off). */
export const faultProfileSchema = z.strictObject({
  /** Graph requests answered 500 (code 131000) without doing anything. */
  error_500_share: share,
  /** Graph requests answered 429 with code 130429 without doing anything. */
  error_429_share: share,
  /** Graph requests never answered (the client has to time out); nothing is done. */
  hang_share: share,
  /** Graph requests whose connection is reset; nothing is done. */
  reset_share: share,
  /** Sends that are accepted (ledger, statuses) but whose response never comes: the ambiguous case. */
  hang_after_accept_share: share,
  /** Sends that are accepted but whose connection is reset before the response. */
  reset_after_accept_share: share,
  /** Added to every Graph response. */
  latency_ms: z.number().int().min(0).max(120_000).default(0),
  /** Uniform ± jitter around `latency_ms`. */
  jitter_ms: z.number().int().min(0).max(120_000).default(0),
  /** Status webhooks delivered twice. */
  status_duplicate_share: share,
  /** Status webhooks never delivered. */
  status_drop_share: share,
  /** When > 0, status webhooks due within this window are collected and delivered shuffled. */
  status_reorder_window_ms: z.number().int().min(0).max(600_000).default(0),
  /** Reseeds this number's fault dice so a run is reproducible. */
  seed: z.number().int().optional(),
});

export type FaultProfile = Omit<z.infer<typeof faultProfileSchema>, 'seed'>;

export const noFaults: FaultProfile = faultProfileSchema.parse({});

/** What to do with one Graph request before (or instead of) handling it. */
export type RequestFault = 'none' | 'error_500' | 'error_429' | 'hang' | 'reset';

/** What to do with the response of an accepted send. */
export type AfterAcceptFault = 'none' | 'hang' | 'reset';

/** Rolls the dice for a request's fault: one draw, so the shares add up and never overlap. */
export function pickRequestFault(profile: FaultProfile, random: () => number): RequestFault {
  const roll = random();
  let edge = profile.error_500_share;
  if (roll < edge) return 'error_500';
  edge += profile.error_429_share;
  if (roll < edge) return 'error_429';
  edge += profile.hang_share;
  if (roll < edge) return 'hang';
  edge += profile.reset_share;
  if (roll < edge) return 'reset';
  return 'none';
}

/** Rolls the dice for what happens to an accepted send's response. */
export function pickAfterAcceptFault(profile: FaultProfile, random: () => number): AfterAcceptFault {
  if (profile.hang_after_accept_share === 0 && profile.reset_after_accept_share === 0) return 'none';
  const roll = random();
  if (roll < profile.hang_after_accept_share) return 'hang';
  if (roll < profile.hang_after_accept_share + profile.reset_after_accept_share) return 'reset';
  return 'none';
}

/** Latency to add, `latency_ms ± jitter_ms`, never negative. */
export function pickLatency(profile: FaultProfile, random: () => number): number {
  if (profile.latency_ms === 0 && profile.jitter_ms === 0) return 0;
  return Math.max(0, Math.round(profile.latency_ms + (random() * 2 - 1) * profile.jitter_ms));
}
