import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, validationError, type ErrorCode, type FieldIssue } from '../errors.js';

/** The error body every failed API request returns (the SDK's ErrorResponse plus `code` and `requestId`). */
export interface ErrorEnvelope {
  error: string;
  type: string;
  code: ErrorCode;
  param?: string;
  platform?: string;
  platformError?: Record<string, unknown>;
  details?: Record<string, unknown>;
  requestId: string;
}

interface ZodLikeIssue {
  instancePath: string;
  message?: string;
  keyword?: string;
  params?: { keys?: string[] };
}

/** `/platforms/0/accountId` → `platforms[0].accountId`; an empty path names the whole location (`body`, `query` …). */
export function fieldFromPath(instancePath: string, location: string): string {
  const parts = instancePath.split('/').filter((part) => part !== '');
  if (parts.length === 0) return location;
  return parts.reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

const LOCATION_NAMES: Record<string, string> = { querystring: 'query', params: 'path', body: 'body', headers: 'headers' };

/** Turns a schema validation failure into VALIDATION_FAILED with every field problem listed. */
export function schemaValidationError(issues: ZodLikeIssue[], context: string | undefined): AppError {
  const location = LOCATION_NAMES[context ?? 'body'] ?? 'body';
  const fieldIssues: FieldIssue[] = issues.flatMap((issue) => {
    const field = fieldFromPath(issue.instancePath, location);
    if (issue.keyword === 'unrecognized_keys' && issue.params?.keys?.length) {
      return issue.params.keys.map((key) => ({ field: field === location ? key : `${field}.${key}`, message: 'unknown field' }));
    }
    return [{ field, message: issue.message ?? 'invalid value' }];
  });
  return validationError(fieldIssues, { location });
}

/** Maps Fastify's own errors (body parsing, content type, size) to registered codes. */
function fromFastifyError(error: { code?: string; statusCode?: number; message: string }): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('REQUEST_MALFORMED_JSON', `The body is not valid JSON: ${error.message}`, { param: 'body' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('REQUEST_BODY_TOO_LARGE', 'The body is larger than the configured limit (OUTBOX_BODY_LIMIT).', { param: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('REQUEST_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.', { param: 'content-type' });
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError('REQUEST_UNSUPPORTED_MEDIA_TYPE', 'The Content-Type header is invalid.', { param: 'content-type' });
    default:
      break;
  }
  if (error.statusCode === 413) return new AppError('REQUEST_BODY_TOO_LARGE', 'The body is too large.', { param: 'body' });
  if (error.statusCode === 415) return new AppError('REQUEST_UNSUPPORTED_MEDIA_TYPE', error.message, { param: 'content-type' });
  if (error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP')) {
    return new AppError('REQUEST_MALFORMED_JSON', error.message, { param: 'body' });
  }
  return undefined;
}

/** Resolves any thrown value to an AppError; unknown errors become INTERNAL with a generic message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const candidate = error as { validation?: ZodLikeIssue[]; validationContext?: string; code?: string; statusCode?: number; message?: string };
  if (candidate && Array.isArray(candidate.validation)) return schemaValidationError(candidate.validation, candidate.validationContext);
  if (candidate && typeof candidate.message === 'string') {
    const mapped = fromFastifyError(candidate as { code?: string; statusCode?: number; message: string });
    if (mapped) return mapped;
  }
  return new AppError('INTERNAL', 'An unexpected error occurred; quote the request id when reporting it.', { cause: error });
}

/** Builds the envelope for an AppError. */
export function envelopeOf(error: AppError, requestId: string): ErrorEnvelope {
  // A platform's failure names the platform and carries its payload at the top level, as the SDK reads them.
  const details: Record<string, unknown> = { ...error.details };
  const platform = typeof details['platform'] === 'string' ? (details['platform'] as string) : undefined;
  const platformError = details['platformError'] !== null && typeof details['platformError'] === 'object' ? (details['platformError'] as Record<string, unknown>) : undefined;
  if (platform !== undefined) delete details['platform'];
  if (platformError !== undefined) delete details['platformError'];
  return {
    error: error.message,
    type: ERRORS[error.code].type,
    code: error.code,
    ...(error.param !== undefined && { param: error.param }),
    ...(platform !== undefined && { platform }),
    ...(platformError !== undefined && { platformError }),
    ...(error.details !== undefined && { details }),
    requestId,
  };
}

/** Fastify error handler: logs server faults in full and answers the envelope with the registry's status. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  const status = ERRORS[appError.code].status;
  if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
  else request.log.debug({ code: appError.code }, 'request rejected');
  reply.errorCode = appError.code;
  if (appError.headers) reply.headers(appError.headers);
  return reply.status(status).type('application/json; charset=utf-8').send(envelopeOf(appError, request.id));
}
