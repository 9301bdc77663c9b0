import { slotInstants, SLOT_SEARCH_HORIZON_DAYS, type WeeklySchedule } from './slot-instants.js';

/** What `nextFreeSlots` looks for. */
export interface NextFreeSlotsOptions {
  /** Only instants strictly after this one (epoch ms), usually now. */
  after: number;
  /** How many free instants to return at most. */
  count: number;
  /** True when an instant is already taken by something queued there (Default: nothing is taken). */
  isTaken?: (instant: number) => boolean;
  /** How far ahead to look, in days (Default: SLOT_SEARCH_HORIZON_DAYS, ten years). */
  horizonDays?: number;
}

/**
 * The next `count` free instants of a weekly schedule after `after`, strictly increasing, skipping taken ones. Pure:
 * the same schedule, options and predicate always give the same answer. Fewer than `count` come back only when the
 * horizon runs out first (every slot taken, or no slots at all).
 */
export function nextFreeSlots(schedule: WeeklySchedule, options: NextFreeSlotsOptions): number[] {
  const free: number[] = [];
  if (options.count <= 0) return free;
  for (const instant of slotInstants(schedule, options.after, options.horizonDays ?? SLOT_SEARCH_HORIZON_DAYS)) {
    if (options.isTaken?.(instant)) continue;
    free.push(instant);
    if (free.length >= options.count) break;
  }
  return free;
}
