import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextFreeSlots } from './next-free-slots.js';
import { slotInstants, type WeeklySchedule, type WeeklySlot } from './slot-instants.js';
import { instantOfWallTime } from './wall-time-instant.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Zones with DST changes at different hours, of different sizes (Lord Howe: 30 min), at midnight, and none. */
const ZONES = [
  'America/New_York', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago',
  'America/Havana', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Kolkata', 'UTC',
];

const iso = (instants: number[]) => instants.map((instant) => new Date(instant).toISOString());
const schedule = (timezone: string, ...slots: Array<[number, string]>): WeeklySchedule => ({
  timezone,
  slots: slots.map(([dayOfWeek, time]) => ({ dayOfWeek, time })),
});

const slotArb: fc.Arbitrary<WeeklySlot> = fc.record({
  dayOfWeek: fc.integer({ min: 0, max: 6 }),
  // Early-morning hours are weighted in: that is where DST changes happen.
  time: fc
    .tuple(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 })), fc.integer({ min: 0, max: 59 }))
    .map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`),
});
const scheduleArb: fc.Arbitrary<WeeklySchedule> = fc.record({
  timezone: fc.constantFrom(...ZONES),
  slots: fc.array(slotArb, { minLength: 1, maxLength: 12 }),
});
/** Start instants in the months where DST changes fall, 2000–2037, so windows of a few days often contain one. */
const afterArb = fc
  .tuple(fc.integer({ min: 2000, max: 2037 }), fc.constantFrom(2, 3, 8, 9, 10), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: DAY - 1 }))
  .map(([year, month, day, ms]) => Date.UTC(year, month, day) + ms);

const reading = (zone: IANAZone, instant: number) => instant + zone.offset(instant) * MINUTE;

/** The first instant after `from` at which the zone's UTC offset changes, within a year. */
function nextOffsetChange(zone: IANAZone, from: number): number | undefined {
  const initial = zone.offset(from);
  let before = from;
  while (before < from + 370 * DAY && zone.offset(before + DAY) === initial) before += DAY;
  if (before >= from + 370 * DAY) return undefined;
  let after = before + DAY;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (zone.offset(middle) === initial) before = middle;
    else after = middle;
  }
  return after;
}

/**
 * A schedule and a start instant. Half the cases start up to two days before the zone's next UTC-offset change and
 * add a slot whose wall time lies within an hour or two of the change (inside a skipped or repeated hour when there
 * is one), so DST changes are exercised, not merely possible.
 */
const caseArb = fc
  .tuple(scheduleArb, afterArb, fc.boolean(), fc.integer({ min: 0, max: 2 * DAY }), fc.integer({ min: -60, max: 120 }))
  .map(([s, start, nearChange, lead, minutes]) => {
    const zone = IANAZone.create(s.timezone);
    const change = nearChange ? nextOffsetChange(zone, start) : undefined;
    if (change === undefined) return { schedule: s, after: start };
    const wall = DateTime.fromMillis(reading(zone, change - 1) + minutes * MINUTE, { zone: 'utc' });
    const extra = { dayOfWeek: wall.weekday % 7, time: wall.toFormat('HH:mm') };
    return { schedule: { ...s, slots: [...s.slots, extra] }, after: change - lead };
  });

/** A "taken" predicate that takes roughly one instant in `every`, scattered by a multiplicative hash of the minute. */
const takenArb = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 0x7fffffff }))
  .map(([every, seed]) => (instant: number) => (Math.imul((Math.floor(instant / MINUTE) ^ seed) | 0, 0x9e3779b1) >>> 16) % every === 0);

/**
 * Brute force of the documented rule: a slot occurrence W fires at the first instant (on a whole minute, as every
 * current zone's changes are) at which the zone's clock reads W or later. Scans minute by minute.
 */
function bruteForceInstants(s: WeeklySchedule, after: number, until: number): number[] {
  const zone = IANAZone.create(s.timezone);
  const start = Math.floor(after / MINUTE) * MINUTE - DAY;
  const minutes: number[] = [];
  const runningMax: number[] = [];
  for (let m = start; m <= until; m += MINUTE) {
    minutes.push(m);
    runningMax.push(Math.max(runningMax.at(-1) ?? -Infinity, reading(zone, m)));
  }
  const occurrences: number[] = [];
  const firstDate = DateTime.fromMillis(reading(zone, start), { zone: 'utc' }).startOf('day');
  for (let date = firstDate; date.toMillis() <= reading(zone, until); date = date.plus({ days: 1 })) {
    for (const slot of s.slots) {
      if (slot.dayOfWeek !== date.weekday % 7) continue;
      const [hour, minute] = slot.time.split(':').map(Number);
      occurrences.push(date.toMillis() + (hour! * 60 + minute!) * MINUTE);
    }
  }
  const fired = new Set<number>();
  for (const wall of occurrences) {
    const index = runningMax.findIndex((max) => max >= wall);
    if (index >= 0 && minutes[index]! > after && minutes[index]! <= until) fired.add(minutes[index]!);
  }
  return [...fired].sort((a, b) => a - b);
}

/** True when `instant` is a documented placement of some slot: the slot's exact first occurrence, or a gap's end. */
function isDocumentedPlacement(s: WeeklySchedule, instant: number): boolean {
  const zone = IANAZone.create(s.timezone);
  const local = DateTime.fromMillis(instant, { zone: s.timezone });
  const exact = s.slots.some((slot) => slot.dayOfWeek === local.weekday % 7 && slot.time === local.toFormat('HH:mm'));
  if (exact && local.second === 0 && local.millisecond === 0) {
    // The first occurrence: no earlier instant in the last day reads the same.
    const sameReadingEarlier = [zone.offset(instant - DAY), zone.offset(instant + DAY)].some((offset) => {
      const other = reading(zone, instant) - offset * MINUTE;
      return other < instant && reading(zone, other) === reading(zone, instant);
    });
    return !sameReadingEarlier;
  }
  // A spring-forward shift: the clock jumps at `instant`, over the slot's wall time.
  const before = reading(zone, instant - 1);
  const at = reading(zone, instant);
  if (at - before <= 1) return false;
  return s.slots.some((slot) => {
    const [hour, minute] = slot.time.split(':').map(Number);
    return [before, at].some((r) => {
      const date = DateTime.fromMillis(r, { zone: 'utc' }).startOf('day');
      const wall = date.toMillis() + (hour! * 60 + minute!) * MINUTE;
      return slot.dayOfWeek === date.weekday % 7 && wall > before && wall < at;
    });
  });
}

describe('instantOfWallTime', () => {
  const ny = IANAZone.create('America/New_York');
  const london = IANAZone.create('Europe/London');
  const at = (zone: IANAZone, wall: string) => {
    const [date, time] = wall.split('T');
    const [year, month, day] = date!.split('-').map(Number);
    const [hour, minute] = time!.split(':').map(Number);
    return new Date(instantOfWallTime(zone, { year: year!, month: month!, day: day!, hour: hour!, minute: minute! })).toISOString();
  };

  it('places ordinary times with the offset in force', () => {
    expect(at(ny, '2026-01-15T09:00')).toBe('2026-01-15T14:00:00.000Z');
    expect(at(ny, '2026-07-15T09:00')).toBe('2026-07-15T13:00:00.000Z');
    expect(at(london, '2026-07-15T09:00')).toBe('2026-07-15T08:00:00.000Z');
  });

  it('moves a time skipped by spring-forward to the moment the clock jumps', () => {
    expect(at(ny, '2026-03-08T02:00')).toBe('2026-03-08T07:00:00.000Z');
    expect(at(ny, '2026-03-08T02:30')).toBe('2026-03-08T07:00:00.000Z');
    expect(at(ny, '2026-03-08T02:59')).toBe('2026-03-08T07:00:00.000Z');
    expect(at(ny, '2026-03-08T03:00')).toBe('2026-03-08T07:00:00.000Z');
    expect(at(ny, '2026-03-08T01:59')).toBe('2026-03-08T06:59:00.000Z');
    expect(at(london, '2026-03-29T01:30')).toBe('2026-03-29T01:00:00.000Z');
    expect(at(IANAZone.create('Australia/Lord_Howe'), '2026-10-04T02:15')).toBe('2026-10-03T15:30:00.000Z');
  });

  it('takes the first occurrence of a time repeated by fall-back', () => {
    expect(at(ny, '2026-11-01T01:00')).toBe('2026-11-01T05:00:00.000Z');
    expect(at(ny, '2026-11-01T01:30')).toBe('2026-11-01T05:30:00.000Z');
    expect(at(ny, '2026-11-01T02:00')).toBe('2026-11-01T07:00:00.000Z');
    expect(at(london, '2026-10-25T01:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(at(london, '2026-10-25T02:00')).toBe('2026-10-25T02:00:00.000Z');
  });
});

describe('nextFreeSlots', () => {
  it('fires a New York 02:30 slot at 03:00 EDT on the spring-forward day, and counts it once beside a 03:00 slot', () => {
    const s = schedule('America/New_York', [0, '02:30'], [0, '03:00'], [0, '01:30']);
    expect(iso(nextFreeSlots(s, { after: Date.parse('2026-03-07T00:00:00Z'), count: 4 }))).toEqual([
      '2026-03-08T06:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-15T05:30:00.000Z', '2026-03-15T06:30:00.000Z',
    ]);
  });

  it('fires a New York 01:30 slot once on the fall-back day, at 01:30 EDT', () => {
    const s = schedule('America/New_York', [0, '01:30']);
    expect(iso(nextFreeSlots(s, { after: Date.parse('2026-10-31T00:00:00Z'), count: 2 }))).toEqual([
      '2026-11-01T05:30:00.000Z', '2026-11-08T06:30:00.000Z',
    ]);
    // Starting between the two 01:30s, the first has passed and the second is not a slot.
    expect(iso(nextFreeSlots(s, { after: Date.parse('2026-11-01T06:00:00Z'), count: 1 }))).toEqual(['2026-11-08T06:30:00.000Z']);
  });

  it('handles London\'s changes: 01:30 fires at 02:00 BST in spring and at 01:30 BST in autumn', () => {
    const s = schedule('Europe/London', [0, '01:30']);
    expect(iso(nextFreeSlots(s, { after: Date.parse('2026-03-28T00:00:00Z'), count: 2 }))).toEqual([
      '2026-03-29T01:00:00.000Z', '2026-04-05T00:30:00.000Z',
    ]);
    expect(iso(nextFreeSlots(s, { after: Date.parse('2026-10-24T00:00:00Z'), count: 2 }))).toEqual([
      '2026-10-25T00:30:00.000Z', '2026-11-01T01:30:00.000Z',
    ]);
  });

  it('skips taken instants and starts strictly after `after`', () => {
    const s = schedule('UTC', [1, '09:00']);
    const monday = Date.parse('2026-03-02T09:00:00Z');
    expect(iso(nextFreeSlots(s, { after: monday, count: 1 }))).toEqual(['2026-03-09T09:00:00.000Z']);
    expect(iso(nextFreeSlots(s, { after: monday - 1, count: 2, isTaken: (i) => i === monday }))).toEqual([
      '2026-03-09T09:00:00.000Z', '2026-03-16T09:00:00.000Z',
    ]);
  });

  it('stops at the horizon when every slot is taken, and returns nothing for no slots or a zero count', () => {
    const s = schedule('Europe/Berlin', [2, '10:00']);
    expect(nextFreeSlots(s, { after: 0, count: 3, isTaken: () => true, horizonDays: 60 })).toEqual([]);
    expect(nextFreeSlots({ timezone: 'UTC', slots: [] }, { after: 0, count: 3 })).toEqual([]);
    expect(nextFreeSlots(s, { after: 0, count: 0 })).toEqual([]);
  });

  it('properties: strictly increasing, after the start, documented placements, never taken', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 30 }), takenArb, ({ schedule: s, after }, count, isTaken) => {
        const free = nextFreeSlots(s, { after, count, isTaken });
        expect(free).toHaveLength(count);
        free.forEach((instant, index) => {
          expect(instant).toBeGreaterThan(index === 0 ? after : free[index - 1]!);
          expect(isTaken(instant)).toBe(false);
          expect(isDocumentedPlacement(s, instant), `${new Date(instant).toISOString()} in ${s.timezone}`).toBe(true);
        });
        // Nothing free is skipped: the free slots are exactly the untaken prefix of all slots.
        const all = nextFreeSlots(s, { after, count: count * 4 + 40 });
        expect(free).toEqual(all.filter((instant) => !isTaken(instant)).slice(0, count));
      }),
      { numRuns: 150 },
    );
  });

  it('property: slot instants equal a minute-by-minute brute force of the rule', () => {
    fc.assert(
      fc.property(caseArb, ({ schedule: s, after }) => {
        const until = after + 3 * DAY;
        const generated: number[] = [];
        for (const instant of slotInstants(s, after)) {
          if (instant > until) break;
          generated.push(instant);
        }
        expect(iso(generated)).toEqual(iso(bruteForceInstants(s, after, until)));
      }),
      { numRuns: 50 },
    );
  });
});
