/**
 * The source of time for everything that schedules, expires or stamps. Code never calls `Date.now()` directly, so
 * tests can drive a fake clock through token lifetimes, schedules and expiries without sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to; for tests and for emulators driven through their control API. */
export interface FakeClock extends Clock {
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to an absolute time in epoch milliseconds. */
  set(epochMs: number): void;
}

/** Creates a fake clock starting at `startMs` (Default: the current wall-clock time). */
export function createFakeClock(startMs: number = Date.now()): FakeClock {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (epochMs) => {
      current = epochMs;
    },
  };
}
