import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseScheduleTime } from './schedule-time.js';

const at = (iso: string) => Date.parse(iso);

describe('parseScheduleTime', () => {
  it('takes a value with Z or an offset as it is, whatever the timezone', () => {
    expect(parseScheduleTime('2026-01-15T10:00:00Z', 'America/New_York', 'f')).toBe(at('2026-01-15T10:00:00Z'));
    expect(parseScheduleTime('2026-01-15T11:00:00+01:00', 'Asia/Tokyo', 'f')).toBe(at('2026-01-15T10:00:00Z'));
  });

  it('reads a value without an offset in the timezone, and a space for the T', () => {
    expect(parseScheduleTime('2026-01-15 10:00', 'Europe/Madrid', 'f')).toBe(at('2026-01-15T09:00:00Z'));
    expect(parseScheduleTime('2026-07-15T10:00:00', 'Europe/Madrid', 'f')).toBe(at('2026-07-15T08:00:00Z'));
    expect(parseScheduleTime('2026-07-15T10:00:00', undefined, 'f')).toBe(at('2026-07-15T10:00:00Z'));
  });

  it('moves a local time skipped by spring-forward past the gap', () => {
    // 2026-03-08 02:30 does not exist in New York: clocks jump from 02:00 EST to 03:00 EDT.
    expect(parseScheduleTime('2026-03-08T02:30', 'America/New_York', 'f')).toBe(at('2026-03-08T07:30:00Z'));
    expect(new Date(at('2026-03-08T07:30:00Z')).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });

  it('takes the first of a local time that happens twice at fall-back', () => {
    // 2026-11-01 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(parseScheduleTime('2026-11-01T01:30', 'America/New_York', 'f')).toBe(at('2026-11-01T05:30:00Z'));
    // Europe/London falls back on 2026-10-25 at 02:00 BST → 01:00 GMT.
    expect(parseScheduleTime('2026-10-25T01:30', 'Europe/London', 'f')).toBe(at('2026-10-25T00:30:00Z'));
  });

  it('names the field when the value is not a date and time', () => {
    for (const bad of ['tomorrow', '2026-13-01T00:00', '2026-01-15', '']) {
      expect(parseScheduleTime(bad, undefined, 'platforms[0].scheduledFor')).toMatchObject({ field: 'platforms[0].scheduledFor' });
    }
  });

  it('round-trips any instant written as local time in any of several zones', () => {
    const zones = ['UTC', 'Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    fc.assert(
      fc.property(fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2035-01-01T00:00:00Z') }), fc.constantFrom(...zones), (ms, zone) => {
        const instant = Math.floor(ms / 60_000) * 60_000;
        const local = DateTime.fromMillis(instant, { zone });
        const parsed = parseScheduleTime(local.toFormat("yyyy-MM-dd'T'HH:mm"), zone, 'f') as number;
        // The same wall time, and never a later instant: an ambiguous local time resolves to its first occurrence.
        expect(DateTime.fromMillis(parsed, { zone }).toFormat('yyyy-MM-dd HH:mm')).toBe(local.toFormat('yyyy-MM-dd HH:mm'));
        expect(parsed).toBeLessThanOrEqual(instant);
      }),
    );
  });
});
