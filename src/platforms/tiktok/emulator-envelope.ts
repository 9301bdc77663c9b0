import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Clock } from '../../clock.js';
import { stringifyJsonWithInt64 } from '../emulator-kit/json-int64.js';

/**
 * The v2 error codes the emulator answers, with their documented HTTP status. Spam and cap codes answer 200 on
 * `creator_info/query` (see {@link CREATOR_INFO_HTTP_200_CODES}); everywhere else they carry the status below.
 */
export const TIKTOK_ERROR_STATUS = {
  access_token_invalid: 401,
  scope_not_authorized: 401,
  scope_permission_missed: 401,
  invalid_param: 400,
  invalid_params: 400,
  invalid_file_upload: 400,
  app_version_check_failed: 400,
  privacy_level_option_mismatch: 403,
  url_ownership_unverified: 403,
  spam_risk_too_many_posts: 403,
  spam_risk_too_many_pending_share: 403,
  spam_risk_user_banned_from_posting: 403,
  reached_active_user_cap: 403,
  unaudited_client_can_only_post_to_private_accounts: 403,
  rate_limit_exceeded: 429,
  internal_error: 500,
  invalid_publish_id: 400,
  token_not_authorized_for_specified_publish_id: 400,
} as const;

/** A v2 error code the emulator produces by itself. */
export type TikTokErrorCode = keyof typeof TIKTOK_ERROR_STATUS;

/** Codes `creator_info/query` reports inside an HTTP 200 envelope. */
export const CREATOR_INFO_HTTP_200_CODES: ReadonlySet<string> = new Set([
  'spam_risk_too_many_posts',
  'spam_risk_user_banned_from_posting',
  'reached_active_user_cap',
  'spam_risk_too_many_pending_share',
]);

/** Default HTTP status for `code`: the table's, or 500 for a code the table does not know. */
export function statusForCode(code: string): number {
  return (TIKTOK_ERROR_STATUS as Record<string, number>)[code] ?? 500;
}

/**
 * A log id shaped like TikTok's: the UTC time as yyyyMMddHHmmss followed by 20 uppercase hex characters
 * (e.g. `202210112248442CB9319E1FB30C1073F3`).
 */
export function newLogId(clock: Clock): string {
  const stamp = new Date(clock.now()).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return stamp + randomBytes(10).toString('hex').toUpperCase();
}

/** Sends a JSON body already serialised (so int64 literals survive). */
export function sendJsonText(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type('application/json; charset=UTF-8').send(text);
}

/** Sends the v2 envelope `{data, error: {code, message, log_id}}`. */
export function sendEnvelope(
  reply: FastifyReply,
  status: number,
  data: Record<string, unknown>,
  error: { code: string; message: string; logId: string },
): FastifyReply {
  const body = { data, error: { code: error.code, message: error.message, log_id: error.logId } };
  return sendJsonText(reply, status, stringifyJsonWithInt64(body));
}

/** Sends a flat OAuth error `{error, error_description, log_id}` as the token and revoke endpoints do. */
export function sendOAuthError(
  reply: FastifyReply,
  status: number,
  error: string,
  description: string,
  logId: string,
): FastifyReply {
  return sendJsonText(reply, status, JSON.stringify({ error, error_description: description, log_id: logId }));
}
