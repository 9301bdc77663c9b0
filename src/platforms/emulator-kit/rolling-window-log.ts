import type { Clock } from '../../clock.js';

/**
 * A log of timestamped events per key, counted over a trailing window that ends at the clock's current time. It
 * backs both per-minute request limits and rolling 24-hour caps (posts per account, active accounts per app).
 * Events older than the window are forgotten, so the log never grows beyond what the window holds.
 */
export interface RollingWindowLog {
  /** Events recorded for `key` inside the window. */
  count(key: string): number;
  /** Distinct members recorded for `key` inside the window (events recorded without a member are not counted). */
  members(key: string): Set<string>;
  /** Records one event for `key` at the current time, optionally tagged with a member (an account id, say). */
  record(key: string, member?: string): void;
  /** Milliseconds until the oldest event of `key` leaves the window, so one more event fits (0 when none is held). */
  msUntilOldestExpires(key: string): number;
  /** Forgets every event. */
  clear(): void;
}

/** Options of {@link createRollingWindowLog}. */
export interface RollingWindowLogOptions {
  /** Source of the current time; move a fake clock to slide the window. */
  clock: Clock;
  /** Length of the trailing window in milliseconds. */
  windowMs: number;
}

interface LoggedEvent {
  at: number;
  member: string | undefined;
}

/** Creates an empty {@link RollingWindowLog}. */
export function createRollingWindowLog(options: RollingWindowLogOptions): RollingWindowLog {
  const { clock, windowMs } = options;
  const events = new Map<string, LoggedEvent[]>();

  // An event at exactly `now - windowMs` has left the window: a limit of N per minute admits a new request exactly
  // one minute after the oldest one. Filtering (rather than trimming a sorted prefix) keeps the log correct when a
  // fake clock is set backwards.
  function live(key: string): LoggedEvent[] {
    const all = events.get(key);
    if (all === undefined) return [];
    const cutoff = clock.now() - windowMs;
    const kept = all.filter((event) => event.at > cutoff);
    if (kept.length === 0) events.delete(key);
    else if (kept.length !== all.length) events.set(key, kept);
    return kept;
  }

  return {
    count: (key) => live(key).length,
    members(key) {
      const set = new Set<string>();
      for (const event of live(key)) if (event.member !== undefined) set.add(event.member);
      return set;
    },
    record(key, member) {
      const kept = live(key);
      kept.push({ at: clock.now(), member });
      events.set(key, kept);
    },
    msUntilOldestExpires(key) {
      const kept = live(key);
      if (kept.length === 0) return 0;
      const oldest = Math.min(...kept.map((event) => event.at));
      return Math.max(0, oldest + windowMs - clock.now());
    },
    clear: () => events.clear(),
  };
}
