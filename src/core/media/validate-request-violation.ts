import type { ErrorCode } from '../../errors.js';
import type { Violation, ViolationCode } from '../../media/rules/index.js';

/**
 * One broken rule, located in the request that was validated. `field` is a path into that request (`content`,
 * `platforms[1].customContent`, `mediaItems[0]`); what the rule measured on a media item, when it names one, is
 * `property` (`durationMs`, `width`, `sizeBytes` …) so a client can still highlight the request field it came from.
 */
export interface RequestViolation {
  /**
   * A rule code from `VIOLATION_CODES`, or, when a media item could not be looked at, the registered error code
   * saying why (MEDIA_UPLOAD_NOT_FOUND, MEDIA_UPLOAD_NOT_RECEIVED, MEDIA_UPLOAD_REJECTED, MEDIA_NOT_FOUND,
   * MEDIA_URL_NOT_HOSTED).
   */
  code: ViolationCode | ErrorCode;
  /** Path of the request field at fault. */
  field: string;
  /** The measured property of a media item or text the rule is about (Default: none). */
  property?: string;
  /** Human-readable explanation with the numbers involved. */
  message: string;
  /** The limit that was crossed (a number, a unit-bearing string, or the allowed values). */
  limit?: Violation['limit'];
  /** The measured value. */
  actual?: Violation['actual'];
}

/**
 * Re-homes a rule violation into the request: a validator called with field `ruleField` reports `ruleField` or
 * `ruleField.<property>`; both become `requestField`, with the property kept apart (any other field is kept as the
 * property, so no request path is ever invented).
 */
export function toRequestViolation(violation: Violation, ruleField: string, requestField: string): RequestViolation {
  const { code, message, limit, actual } = violation;
  const result: RequestViolation = { code, field: requestField, message };
  if (violation.field.startsWith(`${ruleField}.`)) result.property = violation.field.slice(ruleField.length + 1);
  else if (violation.field !== ruleField) result.property = violation.field;
  if (limit !== undefined) result.limit = limit;
  if (actual !== undefined) result.actual = actual;
  return result;
}
