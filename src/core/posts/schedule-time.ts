import { DateTime, IANAZone } from 'luxon';
import type { FieldIssue } from '../../errors.js';

const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/** True when `zone` is an IANA time zone name luxon knows. */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * Reads an ISO 8601 time. A value with `Z` or an offset is taken as it is; one without is local time in `timezone`
 * (Default: UTC), and `2026-01-15 10:00` is accepted for `2026-01-15T10:00`. A local time that does not exist (the
 * hour skipped when clocks go forward) moves forward by the gap, and one that exists twice (clocks going back) is
 * the first of the two, as luxon resolves them. Resolves epoch ms, or a field issue naming the rule.
 */
export function parseScheduleTime(value: string, timezone: string | undefined, field: string): number | FieldIssue {
  const text = value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  const parsed = HAS_OFFSET.test(text)
    ? DateTime.fromISO(text, { setZone: true })
    : DateTime.fromISO(text, { zone: timezone ?? 'UTC' });
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) {
    return { field, message: 'must be an ISO 8601 date and time, e.g. 2026-01-15T10:00:00Z or 2026-01-15T10:00 with timezone' };
  }
  if (HAS_OFFSET.test(text)) return parsed.toMillis();
  // When clocks go back, a local time happens twice; take the first (DST shifts are 30 or 60 minutes).
  const wall = parsed.toFormat('yyyy-MM-dd HH:mm:ss.SSS');
  for (const minutes of [60, 30]) {
    const earlier = parsed.minus({ minutes });
    if (earlier.toFormat('yyyy-MM-dd HH:mm:ss.SSS') === wall) return earlier.toMillis();
  }
  return parsed.toMillis();
}
