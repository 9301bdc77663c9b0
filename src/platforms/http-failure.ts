import { PlatformError } from './platform-error.js';

/** Why a request ended without a response. */
export type HttpFailureCause =
  | 'timeout'
  | 'idle_timeout'
  | 'connect_timeout'
  | 'aborted'
  | 'network'
  | 'source'
  | 'response_too_large';

/** What is known about a request that failed without a usable response. */
export interface HttpFailureInput {
  platform: string;
  method: string;
  cause: HttpFailureCause;
  /** The underlying error (a Node network error carries `code`: ECONNRESET, ENOTFOUND …). */
  error: unknown;
  /** Whether the whole request, body included, had been handed to the network. */
  bodySent: boolean;
  idempotent: boolean;
}

const CAUSE_CODES: Record<Exclude<HttpFailureCause, 'network'>, string> = {
  timeout: 'TIMEOUT',
  idle_timeout: 'IDLE_TIMEOUT',
  connect_timeout: 'CONNECT_TIMEOUT',
  aborted: 'ABORTED',
  source: 'SOURCE_READ_FAILED',
  response_too_large: 'RESPONSE_TOO_LARGE',
};

const CAUSE_WORDS: Record<HttpFailureCause, string> = {
  timeout: 'timed out',
  idle_timeout: 'stalled (no data on the connection)',
  connect_timeout: 'could not connect in time',
  aborted: 'was aborted',
  network: 'failed on the network',
  source: 'could not read the bytes to send',
  response_too_large: 'got a response larger than allowed',
};

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'NETWORK_ERROR';
}

/**
 * Classifies a request that got no usable response. Before the body was fully sent (or for an idempotent call)
 * nothing can have happened that a retry would duplicate: kind `transient`. After a non-idempotent body was fully
 * sent the platform may have acted on it: kind `unknown`, which the caller must reconcile before any resend.
 * DNS failures, refused connections and connect timeouts happen before anything is sent, so they are transient.
 */
export function httpFailure(input: HttpFailureInput): PlatformError {
  const code = input.cause === 'network' ? errorCode(input.error) : CAUSE_CODES[input.cause];
  const ambiguous = input.bodySent && !input.idempotent;
  const detail = input.error instanceof Error ? `: ${input.error.message}` : '';
  const message = `${input.platform} ${input.method} ${CAUSE_WORDS[input.cause]} (${code})${detail}${
    ambiguous ? '; the request was fully sent, so the platform may have acted on it' : ''
  }`;
  return new PlatformError(ambiguous ? 'unknown' : 'transient', input.platform, message, {
    platformCode: code,
    cause: input.error,
  });
}
