import { DateTime, IANAZone } from 'luxon';
import { instantOfReading, offsetsAround, wallMillis } from './wall-time-instant.js';

/** One weekly slot: `dayOfWeek` 0 (Sunday) to 6 (Saturday), `time` local `HH:mm` (24-hour). */
export interface WeeklySlot {
  dayOfWeek: number;
  time: string;
}

/** A queue's weekly slots and the IANA time zone they are read in. */
export interface WeeklySchedule {
  timezone: string;
  slots: readonly WeeklySlot[];
}

/** How far ahead slot searches look, in days (Default for every search: ten years). */
export const SLOT_SEARCH_HORIZON_DAYS = 3653;

const DAY_MS = 86_400_000;

/** The slots' local times grouped by weekday (0 = Sunday), each day's times in clock order. */
function timesByWeekday(slots: readonly WeeklySlot[]): Array<Array<{ hour: number; minute: number }>> {
  const days: Array<Array<{ hour: number; minute: number }>> = [[], [], [], [], [], [], []];
  for (const slot of slots) {
    const [hour, minute] = slot.time.split(':').map(Number);
    days[slot.dayOfWeek]?.push({ hour: hour!, minute: minute! });
  }
  for (const day of days) day.sort((a, b) => a.hour - b.hour || a.minute - b.minute);
  return days;
}

/**
 * Every instant a weekly schedule names strictly after `after`, in increasing order, for `horizonDays` local days
 * from the day `after` falls on. Each slot is placed by `instantOfWallTime` (the DST rule lives there); two slots that
 * land on the same instant (a skipped 02:30 and a real 03:00 on a spring-forward day) are yielded once.
 */
export function* slotInstants(schedule: WeeklySchedule, after: number, horizonDays = SLOT_SEARCH_HORIZON_DAYS): Generator<number> {
  const zone = IANAZone.create(schedule.timezone);
  if (!zone.isValid) throw new RangeError(`Unknown time zone ${schedule.timezone}`);
  const days = timesByWeekday(schedule.slots);
  if (days.every((times) => times.length === 0)) return;
  const start = DateTime.fromMillis(after, { zone });
  // Calendar days are stepped in UTC, where every day has 24 hours; the zone only matters when placing a time.
  let date = DateTime.fromObject({ year: start.year, month: start.month, day: start.day }, { zone: 'utc' });
  let last = after;
  for (let i = 0; i < horizonDays; i += 1, date = date.plus({ days: 1 })) {
    const times = days[date.weekday % 7]!;
    if (times.length === 0) continue;
    const midnight = wallMillis({ year: date.year, month: date.month, day: date.day, hour: 0, minute: 0 });
    const offsets = offsetsAround(zone, midnight, midnight + DAY_MS);
    for (const { hour, minute } of times) {
      const instant = instantOfReading(zone, midnight + (hour * 60 + minute) * 60_000, offsets);
      if (instant <= last) continue;
      last = instant;
      yield instant;
    }
  }
}
