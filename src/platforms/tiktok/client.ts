import type { z } from 'zod';
import type { Clock } from '../../clock.js';
import { formBody, jsonBody, type HttpClient, type HttpResponse } from '../http.js';
import { parseJsonWithInt64 } from '../parse-json-int64.js';
import { PlatformError } from '../platform-error.js';
import { waitFromRateLimit } from '../rate-limit-headers.js';
import { envelopeSchema, oauthErrorSchema } from './api.js';
import type { TikTokConfig } from './config.js';
import { TIKTOK, tiktokApiError, tiktokOAuthError } from './errors.js';

/** One call of a v2 data endpoint. */
export interface TikTokDataCall<T> {
  /** Name in logs and errors, e.g. `video.init`. */
  operation: string;
  method: 'GET' | 'POST';
  /** Path under `apiBaseUrl` (see TIKTOK_PATHS). */
  path: string;
  query?: Record<string, string> | undefined;
  accessToken: string;
  /** JSON body of a POST (Default: none, sent with the JSON content type as TikTok expects). */
  body?: unknown;
  /** Whether repeating the call is harmless; decides transient vs unknown on a lost or 5xx answer. */
  idempotent: boolean;
  /** Shape of `data`. */
  schema: z.ZodType<T>;
  signal?: AbortSignal | undefined;
}

/** One call of the token or revoke endpoint. */
export interface TikTokOAuthCall {
  operation: string;
  path: string;
  fields: Record<string, string>;
  idempotent: boolean;
  signal?: AbortSignal | undefined;
}

/** Sends TikTok requests and turns every answer into data or a classified PlatformError. */
export interface TikTokClient {
  readonly config: TikTokConfig;
  readonly http: HttpClient;
  readonly clock: Clock;
  /** Calls a v2 data endpoint; resolves `data` when `error.code` is `ok`. */
  data<T>(call: TikTokDataCall<T>): Promise<T>;
  /** Calls the token or revoke endpoint; resolves the flat body (`{}` when empty). */
  oauth(call: TikTokOAuthCall): Promise<Record<string, unknown>>;
}

function parseBody(response: HttpResponse): unknown {
  if (response.text.trim() === '') return {};
  try {
    return parseJsonWithInt64(response.text);
  } catch {
    return undefined;
  }
}

function invalidResponse(operation: string, response: HttpResponse, idempotent: boolean, problem: string): PlatformError {
  // A success status with a body we cannot read: after a state-changing call TikTok may well have acted.
  return new PlatformError(idempotent ? 'transient' : 'unknown', TIKTOK, `TikTok ${operation} answered ${response.status} with ${problem}.`, {
    platformCode: 'invalid_response',
    status: response.status,
  });
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Creates the TikTok request layer over the shared HTTP helper. */
export function createTikTokClient(config: TikTokConfig, http: HttpClient, clock: Clock): TikTokClient {
  async function data<T>(call: TikTokDataCall<T>): Promise<T> {
    const url = new URL(config.apiBaseUrl + call.path);
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = { authorization: `Bearer ${call.accessToken}` };
    if (call.method === 'POST' && call.body === undefined) headers['content-type'] = 'application/json; charset=UTF-8';
    const response = await http.request({
      method: call.method,
      url: url.toString(),
      headers,
      body: call.body === undefined ? undefined : jsonBody(call.body),
      idempotent: call.idempotent,
      operation: call.operation,
      signal: call.signal,
    });
    const envelope = envelopeSchema.safeParse(parseBody(response));
    if (!envelope.success) {
      if (isSuccess(response.status)) throw invalidResponse(call.operation, response, call.idempotent, 'a body that is not the v2 envelope');
      throw apiFailure(call, response, `http_${response.status}`);
    }
    const { error } = envelope.data;
    if (error.code !== 'ok' || !isSuccess(response.status)) {
      const code = error.code === 'ok' ? `http_${response.status}` : error.code;
      throw apiFailure(call, response, code, error.message, error.log_id);
    }
    const parsed = call.schema.safeParse(envelope.data.data ?? {});
    if (!parsed.success) throw invalidResponse(call.operation, response, call.idempotent, `unexpected data (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  }

  function apiFailure(call: TikTokDataCall<unknown>, response: HttpResponse, code: string, message?: string, logId?: string): PlatformError {
    return tiktokApiError({
      code,
      httpStatus: response.status,
      message,
      logId,
      retryAfterMs: waitFromRateLimit(response.rateLimit, clock.now()),
      idempotent: call.idempotent,
      operation: call.operation,
    });
  }

  async function oauth(call: TikTokOAuthCall): Promise<Record<string, unknown>> {
    const response = await http.request({
      method: 'POST',
      url: config.apiBaseUrl + call.path,
      body: formBody(call.fields),
      idempotent: call.idempotent,
      operation: call.operation,
      signal: call.signal,
    });
    const body = parseBody(response);
    // OAuth errors are flat and have been seen with HTTP 200, so the body decides, not the status.
    const flatError = oauthErrorSchema.safeParse(body);
    if (flatError.success) {
      const { error, error_description: description, log_id: logId } = flatError.data;
      throw tiktokOAuthError({ error, description, httpStatus: response.status, logId, idempotent: call.idempotent });
    }
    if (!isSuccess(response.status)) {
      throw tiktokOAuthError({ error: `http_${response.status}`, httpStatus: response.status, idempotent: call.idempotent });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw invalidResponse(call.operation, response, call.idempotent, 'a body that is not a JSON object');
    }
    return body as Record<string, unknown>;
  }

  return { config, http, clock, data, oauth };
}
