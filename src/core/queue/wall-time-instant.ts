import { DateTime, type IANAZone } from 'luxon';

/** A local calendar date and clock time, without a zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The wall time as if it were UTC, in epoch milliseconds: the clock reading the zone maps instants to. */
export function wallMillis(wall: WallTime): number {
  return DateTime.fromObject(wall, { zone: 'utc' }).toMillis();
}

/** What the zone's clock reads at an instant, as epoch milliseconds of that reading taken as UTC. */
function clockReading(zone: IANAZone, instant: number): number {
  return instant + zone.offset(instant) * MINUTE_MS;
}

/**
 * The UTC offsets (minutes) that can be in force at any instant whose clock reading falls between `fromReading` and
 * `toReading`. Offsets stay within ±14 h, so sampling a day either side of the span catches the offsets before and
 * after any change inside it.
 */
export function offsetsAround(zone: IANAZone, fromReading: number, toReading: number): number[] {
  const samples = [fromReading - DAY_MS, fromReading, toReading, toReading + DAY_MS];
  return [...new Set(samples.map((instant) => zone.offset(instant)))];
}

/**
 * The instant a local wall time names in a zone, by one rule: the first instant at which the zone's clock reads that
 * time or later.
 *
 * - An ordinary time maps to its one instant.
 * - A time skipped by a spring-forward change (02:30 on the March change in New York) maps to the first instant after
 *   the gap: the moment the clock jumps (03:00 local).
 * - A time repeated by a fall-back change (01:30 on the November change in New York) maps to its first occurrence
 *   only (01:30 EDT), never to the second.
 *
 * Because it is "the first instant the clock reaches or passes W", the mapping never decreases as W increases, so
 * slots keep their weekly order across DST changes (two slots may share an instant, never swap).
 */
export function instantOfWallTime(zone: IANAZone, wall: WallTime): number {
  const reading = wallMillis(wall);
  return instantOfReading(zone, reading, offsetsAround(zone, reading, reading));
}

/**
 * `instantOfWallTime` for a clock reading, given the offsets that can be in force around it (`offsetsAround`), so a
 * caller placing many times of one day computes them once.
 */
export function instantOfReading(zone: IANAZone, reading: number, offsets: readonly number[]): number {
  let first: number | undefined;
  for (const offset of offsets) {
    const candidate = reading - offset * MINUTE_MS;
    if (clockReading(zone, candidate) === reading && (first === undefined || candidate < first)) first = candidate;
  }
  if (first !== undefined) return first;
  return endOfGap(zone, reading, Math.min(...offsets), Math.max(...offsets));
}

/**
 * The first instant whose clock reading reaches `reading`, for a reading inside a spring-forward gap. Read with the
 * later (larger) offset the instant falls before the change, read with the earlier one after it; between the two the
 * clock jumps once, so a binary search over milliseconds finds the jump.
 */
function endOfGap(zone: IANAZone, reading: number, earlierOffset: number, laterOffset: number): number {
  let before = reading - laterOffset * MINUTE_MS;
  let after = reading - earlierOffset * MINUTE_MS;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (clockReading(zone, middle) >= reading) after = middle;
    else before = middle;
  }
  return after;
}
