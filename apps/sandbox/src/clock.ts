/** Where the sandbox reads the time; tests inject one they can move forward instead of waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock plus an offset that the control API (`POST /_sandbox/clock`) can move forward. */
export interface AdjustableClock extends Clock {
  advance(ms: number): void;
  offsetMs(): number;
}

/** Wraps a base clock so time can be advanced without touching the base. */
export function createAdjustableClock(base: Clock = { now: () => Date.now() }): AdjustableClock {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    advance(ms) {
      offset += ms;
    },
    offsetMs: () => offset,
  };
}

/** A clock that only moves when told to: for tests. */
export function createManualClock(startMs = Date.UTC(2026, 0, 1)): AdjustableClock {
  let now = startMs;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    offsetMs: () => now - startMs,
  };
}
