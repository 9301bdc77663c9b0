/**
 * Every error Outbox reports to a client has a stable code registered here. The registry is the single source of
 * each code's HTTP status, its envelope `type` (the SDK's ErrorResponse.type) and whether retrying the same request
 * later can succeed. Nothing else decides a status code: handlers throw an AppError and the error handler looks the
 * code up. docs/errors.md lists the same codes; a test keeps the two in step.
 */

/** The `type` field of the error envelope, as the `@getlatedev/node` SDK defines it. */
export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found'
  | 'rate_limit_error'
  | 'platform_error'
  | 'api_error';

/** What the registry knows about one error code. */
export interface ErrorSpec {
  /** HTTP status sent with this code. */
  status: number;
  /** Envelope `type`. */
  type: ErrorType;
  /** True when the same request may succeed if retried later unchanged. */
  retryable: boolean;
  /** One line for docs/errors.md: what it means. */
  description: string;
}

function spec(status: number, type: ErrorType, retryable: boolean, description: string): ErrorSpec {
  return { status, type, retryable, description };
}

/** The error registry: code → status, type, retryability and meaning. */
export const ERRORS = {
  VALIDATION_FAILED: spec(400, 'invalid_request_error', false, 'A field is missing, has the wrong type or breaks a rule; `param` names it and `details.fields` lists every problem.'),
  REQUEST_MALFORMED_JSON: spec(400, 'invalid_request_error', false, 'The body is not valid JSON.'),
  REQUEST_BODY_TOO_LARGE: spec(413, 'invalid_request_error', false, 'The body is larger than the configured limit.'),
  REQUEST_UNSUPPORTED_MEDIA_TYPE: spec(415, 'invalid_request_error', false, 'The Content-Type is not one this route accepts (JSON unless stated otherwise).'),
  REQUEST_MALFORMED_URL: spec(400, 'invalid_request_error', false, 'The URL is not valid (for example a broken %-escape).'),
  REQUEST_URI_TOO_LONG: spec(414, 'invalid_request_error', false, 'A path segment is longer than any id Outbox uses.'),
  REQUEST_ROUTE_NOT_FOUND: spec(404, 'not_found', false, 'No route matches this method and path.'),
  REQUEST_NOT_IMPLEMENTED: spec(501, 'api_error', false, 'The hosted service offers this operation; Outbox does not.'),
  IDEMPOTENCY_KEY_REUSED: spec(422, 'invalid_request_error', false, 'The Idempotency-Key (or x-request-id) was already used with a different request body.'),
  IDEMPOTENCY_IN_PROGRESS: spec(409, 'invalid_request_error', true, 'A request with the same Idempotency-Key is still being processed.'),
  RATE_LIMITED: spec(429, 'rate_limit_error', true, 'Too many requests for this API key; wait for `Retry-After` seconds.'),
  AUTH_MISSING_KEY: spec(401, 'authentication_error', false, 'No `Authorization: Bearer <api key>` header was sent.'),
  AUTH_INVALID_KEY: spec(401, 'authentication_error', false, 'The API key is unknown, deleted or expired.'),
  AUTH_READ_ONLY_KEY: spec(403, 'permission_error', false, 'The API key is read-only and the request would change something.'),
  AUTH_SCOPE_FORBIDDEN: spec(403, 'permission_error', false, 'The API key is limited to some profiles and this operation needs full scope.'),
  PROFILE_NOT_FOUND: spec(404, 'not_found', false, 'No profile with this id is visible to the API key.'),
  PROFILE_NAME_TAKEN: spec(409, 'invalid_request_error', false, 'Another profile already has this name.'),
  PROFILE_IS_DEFAULT: spec(409, 'invalid_request_error', false, 'The default profile cannot be deleted; make another profile the default first.'),
  PROFILE_HAS_ACCOUNTS: spec(409, 'invalid_request_error', false, 'The profile still has connected accounts; disconnect or move them first.'),
  QUEUE_NOT_FOUND: spec(404, 'not_found', false, 'The profile has no queue with this id, or no queue at all when no queueId was given.'),
  QUEUE_INACTIVE: spec(409, 'invalid_request_error', false, 'The queue is paused (active: false), so it offers no slots.'),
  QUEUE_NO_FREE_SLOT: spec(409, 'invalid_request_error', false, 'Every slot of the queue in the next ten years is already taken.'),
  API_KEY_NOT_FOUND: spec(404, 'not_found', false, 'No API key with this id.'),
  API_KEY_SELF_DELETE: spec(409, 'invalid_request_error', false, 'A key cannot delete itself; use another full-scope key.'),
  ACCOUNT_NOT_FOUND: spec(404, 'not_found', false, 'No connected account with this id is visible to the API key.'),
  ACCOUNT_NEEDS_REAUTH: spec(409, 'invalid_request_error', false, 'The platform no longer accepts the account\'s tokens (revoked, or refresh refused); the user must reconnect.'),
  ACCOUNT_DISCONNECTED: spec(409, 'invalid_request_error', false, 'The account was disconnected; connect it again.'),
  CONNECT_PLATFORM_UNSUPPORTED: spec(400, 'invalid_request_error', false, 'Outbox cannot connect accounts of this platform (yet).'),
  CONNECT_STATE_INVALID: spec(400, 'invalid_request_error', false, 'The OAuth `state` is unknown: it was not issued by this instance.'),
  CONNECT_STATE_EXPIRED: spec(400, 'invalid_request_error', false, 'The OAuth `state` expired (it lives 10 minutes); start the connection again.'),
  CONNECT_STATE_USED: spec(400, 'invalid_request_error', false, 'The OAuth `state` was already used; start the connection again.'),
  CONNECT_PROFILE_MISMATCH: spec(400, 'invalid_request_error', false, 'The `state` was issued for another profile or platform.'),
  CONNECT_DENIED: spec(400, 'invalid_request_error', false, 'The user declined the consent, or the platform refused it.'),
  CONNECT_EXCHANGE_FAILED: spec(502, 'platform_error', true, 'The platform refused or failed the code exchange; `platformError` has its answer.'),
  PLATFORM_UNAVAILABLE: spec(503, 'platform_error', true, 'The platform did not answer or answered with a server error; retry later.'),
  PLATFORM_RATE_LIMITED: spec(429, 'platform_error', true, 'The platform rate-limited this call; retry after `Retry-After` seconds.'),
  PLATFORM_REJECTED: spec(422, 'platform_error', false, 'The platform refused the request; `platformError` has its answer.'),
  ACCOUNT_GROUP_NOT_FOUND: spec(404, 'not_found', false, 'No account group with this id.'),
  ACCOUNT_GROUP_NAME_TAKEN: spec(409, 'invalid_request_error', false, 'Another account group already has this name.'),
  USER_NOT_FOUND: spec(404, 'not_found', false, 'No user with this id.'),
  MEDIA_UPLOAD_NOT_FOUND: spec(404, 'not_found', false, 'No upload with this id (or it expired unused and was swept).'),
  MEDIA_UPLOAD_URL_INVALID: spec(403, 'permission_error', false, 'The upload URL was altered or is not signed by this instance.'),
  MEDIA_UPLOAD_URL_EXPIRED: spec(403, 'permission_error', false, 'The upload URL expired (it is valid for one hour).'),
  MEDIA_UPLOAD_URL_USED: spec(403, 'permission_error', false, 'The upload URL was already used to upload a file.'),
  MEDIA_UPLOAD_LENGTH_REQUIRED: spec(411, 'invalid_request_error', false, 'The PUT has no Content-Length; send the file with its length, not chunked.'),
  MEDIA_UPLOAD_TOO_LARGE: spec(413, 'invalid_request_error', false, 'The file is larger than the upload allows (the declared size, or OUTBOX_MAX_UPLOAD_BYTES).'),
  MEDIA_UPLOAD_CONTENT_TYPE_MISMATCH: spec(415, 'invalid_request_error', false, 'The PUT Content-Type differs from the contentType the upload was presigned for.'),
  MEDIA_UPLOAD_INCOMPLETE: spec(400, 'invalid_request_error', true, 'The body ended before its Content-Length; nothing was stored and the URL can be used again.'),
  MEDIA_UPLOAD_IN_PROGRESS: spec(409, 'invalid_request_error', true, 'Bytes for this upload are arriving right now.'),
  MEDIA_UPLOAD_NOT_RECEIVED: spec(409, 'invalid_request_error', true, 'The upload exists but its file has not been PUT yet.'),
  MEDIA_UPLOAD_REJECTED: spec(422, 'invalid_request_error', false, 'The uploaded file was rejected when it was probed; `details` says why.'),
  MEDIA_UNSUPPORTED_FORMAT: spec(415, 'invalid_request_error', false, 'The bytes are not a supported video (MP4, MOV, WebM) or image (JPEG, PNG, WebP, GIF).'),
  MEDIA_TYPE_MISMATCH: spec(422, 'invalid_request_error', false, 'The bytes contradict the declared content type or the file extension.'),
  MEDIA_TRUNCATED: spec(422, 'invalid_request_error', false, 'The file ends inside a header or lacks its index (moov), so it cannot be played.'),
  MEDIA_CORRUPT: spec(422, 'invalid_request_error', false, 'The file headers hold impossible values.'),
  MEDIA_NOT_FOUND: spec(404, 'not_found', false, 'No media at this public URL.'),
  MEDIA_URL_NOT_HOSTED: spec(422, 'invalid_request_error', false, 'The media URL is not one of this instance’s public media URLs; only uploaded media can be validated for now.'),
  MEDIA_RANGE_NOT_SATISFIABLE: spec(416, 'invalid_request_error', false, 'The Range header asks for bytes outside the file.'),
  POST_NOT_FOUND: spec(404, 'not_found', false, 'No post with this id is visible to the API key (or it was deleted).'),
  DUPLICATE_CONTENT: spec(409, 'invalid_request_error', false, 'The same content went to the same account in the last 24 hours; `details.existingPostId` names that post. Send `allowDuplicateContent: true` to post it again.'),
  POST_NOT_EDITABLE: spec(409, 'invalid_request_error', false, 'A target of the post is being published, was published or may have been; such a post cannot be changed (`details.targets` names them).'),
  POST_NOT_RETRYABLE: spec(409, 'invalid_request_error', false, 'The post has no failed or unconfirmed target to retry.'),
  POST_NOT_PENDING_APPROVAL: spec(409, 'invalid_request_error', false, 'The post is not waiting for approval.'),
  BULK_CSV_MALFORMED: spec(400, 'invalid_request_error', false, 'The bulk upload file is not a CSV Outbox can read (an unclosed quote, a row with the wrong number of cells, no header); `details.line` names the line.'),
  BULK_CSV_TOO_LARGE: spec(413, 'invalid_request_error', false, 'The bulk upload file is larger than 5 MiB; `details.limit` is the limit in bytes.'),
  BULK_CSV_TOO_MANY_ROWS: spec(400, 'invalid_request_error', false, 'The bulk upload file has more than 5000 data rows; `details.limit` and `details.actual` give both counts.'),
  PLATFORM_CAPABILITY_UNSUPPORTED: spec(422, 'invalid_request_error', false, 'The platform\'s API cannot do this (TikTok can neither edit nor delete a published post); `details.platform` names it.'),
  SERVICE_UNAVAILABLE: spec(503, 'api_error', true, 'The store is unreachable or its migrations are not current.'),
  INTERNAL: spec(500, 'api_error', true, 'An unexpected error; the request id in the response finds it in the logs.'),
} as const satisfies Record<string, ErrorSpec>;

/** A registered error code. */
export type ErrorCode = keyof typeof ERRORS;

/** Options of an AppError beyond its code and message. */
export interface AppErrorOptions {
  /** The request field at fault, sent as `param` (e.g. `name`, `profileIds[1]`). */
  param?: string;
  /** Structured context sent as `details`. */
  details?: Record<string, unknown>;
  /** Extra response headers (e.g. Retry-After). */
  headers?: Record<string, string>;
  /** The underlying error; logged, never sent. */
  cause?: unknown;
}

/** An error with a registered code; the API turns it into the error envelope with the registry's status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly param: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.param = options.param;
    this.details = options.details;
    this.headers = options.headers;
  }

  /** The registry entry of this error's code. */
  get spec(): ErrorSpec {
    return ERRORS[this.code];
  }
}

/** One field problem inside a VALIDATION_FAILED error. */
export interface FieldIssue {
  /** Dotted path of the field, with array indexes in brackets (`platforms[0].accountId`). */
  field: string;
  /** Human-readable rule the value broke. */
  message: string;
}

/**
 * Builds the VALIDATION_FAILED error for one or more field problems. `details.fields` maps each field to its
 * messages: the SDK raises its ValidationError (with `.fields`) exactly when a 400 carries that map.
 */
export function validationError(issues: FieldIssue[], extraDetails: Record<string, unknown> = {}): AppError {
  // A Map, not an object literal: a field named `__proto__` must become a key, not reach the prototype.
  const grouped = new Map<string, string[]>();
  for (const issue of issues) grouped.set(issue.field, [...(grouped.get(issue.field) ?? []), issue.message]);
  const fields: Record<string, string[]> = Object.fromEntries(grouped);
  const first = issues[0];
  const message = first ? `${first.field}: ${first.message}` : 'The request is invalid.';
  return new AppError('VALIDATION_FAILED', message, {
    param: first?.field,
    details: { ...extraDetails, fields },
  });
}
