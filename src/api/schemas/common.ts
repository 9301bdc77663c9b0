import { z } from 'zod';

/** A 24-hex object id in a path or body. */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-character lowercase hex id');

/** A boolean in a query string: only `true`/`false` (z.coerce.boolean would read "false" as true). */
export const queryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A `#rrggbb` colour. */
export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour');

/** Plain message response. */
export const messageResponse = z.object({ message: z.string() });

/** The error envelope, for the OpenAPI document. */
export const errorEnvelope = z
  .object({
    error: z.string().describe('Human-readable message.'),
    type: z.enum([
      'invalid_request_error',
      'authentication_error',
      'permission_error',
      'not_found',
      'rate_limit_error',
      'platform_error',
      'api_error',
    ]),
    code: z.string().describe('Stable machine-readable code; see docs/errors.md.'),
    param: z.string().optional().describe('The request field at fault.'),
    platform: z.string().optional(),
    platformError: z.record(z.string(), z.unknown()).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string(),
  })
  .meta({ id: 'ErrorResponse' });

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const commonErrors = {
  400: errorEnvelope,
  401: errorEnvelope,
  403: errorEnvelope,
  404: errorEnvelope,
  429: errorEnvelope,
} as const;

const MS_PER_DAY = 86_400_000;
/** 9999-12-31T23:59:59.999Z: beyond it `toISOString` writes six-digit years. */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(epochMs).toISOString()`, by arithmetic. A list answer formats a timestamp or more per row, and this is
 * several times faster than allocating a Date for each; times before 1970 or after 9999 take the Date route.
 */
function formatIso(epochMs: number): string {
  if (!Number.isInteger(epochMs) || epochMs < 0 || epochMs > LAST_FOUR_DIGIT_YEAR_MS) return new Date(epochMs).toISOString();
  const days = Math.floor(epochMs / MS_PER_DAY);
  let rest = epochMs - days * MS_PER_DAY;
  // Days since 1970-01-01 to a civil date, counting in 400-year eras that start on 0000-03-01.
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1_000);
  const millis = rest - seconds * 1_000;
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(millis)}Z`;
}

/** Converts epoch milliseconds to the ISO 8601 strings the API returns. */
export function iso(epochMs: number): string;
export function iso(epochMs: number | null): string | null;
export function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : formatIso(epochMs);
}
