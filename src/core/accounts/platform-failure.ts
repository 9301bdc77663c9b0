import { AppError, type ErrorCode } from '../../errors.js';
import { PlatformError } from '../../platforms/platform-error.js';

/**
 * Turns a platform failure during a synchronous API call (connecting, creator info) into the client's error:
 * unreachable or 5xx → PLATFORM_UNAVAILABLE, rate limits → PLATFORM_RATE_LIMITED with Retry-After, refusals →
 * `refusedCode`. The platform's own payload is passed through in `details.platformError`.
 */
export function platformFailure(error: unknown, refusedCode: ErrorCode = 'PLATFORM_REJECTED'): unknown {
  if (!(error instanceof PlatformError)) return error;
  const details = {
    platform: error.platform,
    ...(error.platformCode !== undefined && { platformCode: error.platformCode }),
    ...(error.platformError !== undefined && { platformError: error.platformError }),
  };
  switch (error.kind) {
    case 'rate_limited': {
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 60_000) / 1000));
      return new AppError('PLATFORM_RATE_LIMITED', `${error.platform} rate-limited the request: ${error.message}`, {
        details,
        headers: { 'Retry-After': String(seconds) },
        cause: error,
      });
    }
    case 'transient':
    case 'unknown':
      return new AppError('PLATFORM_UNAVAILABLE', `${error.platform} is unavailable: ${error.message}`, { details, cause: error });
    case 'auth_expired':
    case 'auth_revoked':
    case 'content_rejected':
    case 'media_rejected':
      return new AppError(refusedCode, `${error.platform} refused: ${error.message}`, { details, cause: error });
  }
}
