import fc from 'fast-check';
import { expect, it } from 'vitest';
import { iso } from './common.js';

it('formats epoch milliseconds exactly as Date#toISOString does, at any instant', () => {
  fc.assert(
    // Mostly the years 1970-9999 that the arithmetic covers, sometimes the whole range a Date holds.
    fc.property(fc.oneof(fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.integer({ min: -8.64e15, max: 8.64e15 })), (ms) => {
      expect(iso(ms)).toBe(new Date(ms).toISOString());
    }),
    { numRuns: 20_000 },
  );
  // Leap days, year and century edges, and the last four-digit-year instant.
  for (const text of ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2100-03-01T00:00:00.000Z', '1999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z']) {
    expect(iso(Date.parse(text))).toBe(text);
  }
  expect(iso(null)).toBeNull();
});

it('refuses a time that is not a date, as Date#toISOString does', () => {
  expect(() => iso(Number.NaN)).toThrow(RangeError);
});
