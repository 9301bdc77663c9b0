import http, { type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { systemClock, type Clock } from '../clock.js';
import { httpFailure, type HttpFailureCause } from './http-failure.js';
import { parseRateLimitHeaders, type RateLimitInfo } from './rate-limit-headers.js';

export { assertPublicUrl, OutboundUrlRefusedError, parseOutboundAllowlist } from './public-url-guard.js';
export type { OutboundAllowlist, PublicUrlCheck, PublicUrlOptions } from './public-url-guard.js';
export { parseRateLimitHeaders, parseRetryAfter, waitFromRateLimit, type RateLimitInfo } from './rate-limit-headers.js';

/** HTTP methods adapters use. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request body: JSON, a form, bytes in memory, or a stream of known length (uploads). */
export type HttpBody =
  | { type: 'json'; value: unknown }
  | { type: 'form'; fields: Record<string, string> | URLSearchParams }
  | { type: 'bytes'; data: Buffer | string; contentType: string }
  | { type: 'stream'; stream: Readable; length: number; contentType: string };

/** One outbound request. */
export interface HttpRequest {
  method: HttpMethod;
  /** Absolute http(s) URL, query string included. */
  url: string;
  /** Extra headers (lower- or mixed-case names). */
  headers?: Record<string, string> | undefined;
  body?: HttpBody | undefined;
  /**
   * Whether sending the request twice has the effect of sending it once. A timeout or reset after the body of a
   * non-idempotent request was fully sent is reported as kind `unknown` (the platform may have acted), not
   * `transient` (Default: true for GET, HEAD, PUT and DELETE, false otherwise).
   */
  idempotent?: boolean | undefined;
  /** Whole-request deadline in ms, from start to the last response byte (Default: the client's `timeoutMs`). */
  timeoutMs?: number | undefined;
  /** Longest silence on the socket in ms (Default: the client's `idleTimeoutMs`). */
  idleTimeoutMs?: number | undefined;
  /** Deadline for the TCP connection in ms (Default: the client's `connectTimeoutMs`). */
  connectTimeoutMs?: number | undefined;
  /** Aborts the request; it then fails like a timeout (Default: none). */
  signal?: AbortSignal | undefined;
  /** Name of the call in logs, e.g. `video.init` (Default: none). */
  operation?: string | undefined;
}

/** A complete response. Non-2xx statuses are returned, not thrown: each adapter maps them with its error table. */
export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text (parse JSON with care for int64 ids). */
  text: string;
  /** `Retry-After` and `X-RateLimit-*`, parsed. */
  rateLimit: RateLimitInfo;
  durationMs: number;
}

/** One finished request, as the request-log hook sees it. Secrets never appear: query values are redacted. */
export interface HttpRequestLog {
  platform: string;
  operation: string | undefined;
  method: HttpMethod;
  /** The URL without credentials and with secret-looking query values replaced by `REDACTED`. */
  url: string;
  /** Response status; undefined when there was no response. */
  status: number | undefined;
  durationMs: number;
  /** Network error code (`ECONNRESET`, `TIMEOUT` …) when the request failed without a response. */
  errorCode: string | undefined;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Platform id stamped on errors and logs. */
  platform: string;
  /** Time source for durations and Retry-After dates (Default: the system clock). */
  clock?: Clock | undefined;
  /** Whole-request deadline in ms (Default: 30000). */
  timeoutMs?: number | undefined;
  /** Longest socket silence in ms (Default: 30000). */
  idleTimeoutMs?: number | undefined;
  /** TCP connect deadline in ms (Default: 10000). */
  connectTimeoutMs?: number | undefined;
  /** Largest response body read, in bytes (Default: 4194304). */
  maxResponseBytes?: number | undefined;
  /** DNS lookup used to connect, e.g. one pinned by `assertPublicUrl` (Default: the system resolver). */
  lookup?: LookupFunction | undefined;
  /** `User-Agent` header (Default: "Outbox"). */
  userAgent?: string | undefined;
}

/** The outbound HTTP helper every adapter uses. */
export interface HttpClient {
  readonly platform: string;
  /** Sends a request. Rejects only with a `PlatformError` (transient or unknown) when there is no response. */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Subscribes to the request log; returns the unsubscribe function. */
  onRequest(listener: (entry: HttpRequestLog) => void): () => void;
}

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const SECRET_PARAM = /token|secret|code|key|sig|password|auth|credential|verifier/i;

/** The URL as logs may show it: no user info, secret-looking query values replaced by `REDACTED`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    for (const name of new Set(parsed.searchParams.keys())) {
      if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'REDACTED');
    }
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** A JSON body. */
export function jsonBody(value: unknown): HttpBody {
  return { type: 'json', value };
}

/** An `application/x-www-form-urlencoded` body. */
export function formBody(fields: Record<string, string> | URLSearchParams): HttpBody {
  return { type: 'form', fields };
}

/** A streamed body of exactly `length` bytes. */
export function streamBody(stream: Readable, length: number, contentType: string): HttpBody {
  return { type: 'stream', stream, length, contentType };
}

function encodeBody(body: HttpBody | undefined): { headers: Record<string, string>; data?: Buffer; stream?: Readable } {
  if (body === undefined) return { headers: {} };
  if (body.type === 'stream') {
    return { headers: { 'content-type': body.contentType, 'content-length': String(body.length) }, stream: body.stream };
  }
  let data: Buffer;
  let contentType: string;
  if (body.type === 'json') [data, contentType] = [Buffer.from(JSON.stringify(body.value)), 'application/json; charset=UTF-8'];
  else if (body.type === 'form') [data, contentType] = [Buffer.from(new URLSearchParams(body.fields).toString()), 'application/x-www-form-urlencoded'];
  else [data, contentType] = [Buffer.from(body.data), body.contentType];
  return { headers: { 'content-type': contentType, 'content-length': String(data.byteLength) }, data };
}

/** Creates the HTTP helper for one platform. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const clock = options.clock ?? systemClock;
  const listeners = new Set<(entry: HttpRequestLog) => void>();
  const emit = (entry: HttpRequestLog) => {
    for (const listener of listeners) {
      try {
        listener(entry);
      } catch {
        // A broken log listener must not fail the request it observes.
      }
    }
  };
  return {
    platform: options.platform,
    async request(request) {
      const started = clock.now();
      const log = { platform: options.platform, operation: request.operation, method: request.method, url: redactUrl(request.url) };
      try {
        const response = await send(options, clock, request);
        emit({ ...log, status: response.status, durationMs: response.durationMs, errorCode: undefined });
        return response;
      } catch (error) {
        const errorCode = (error as { platformCode?: string }).platformCode;
        emit({ ...log, status: undefined, durationMs: clock.now() - started, errorCode });
        throw error;
      }
    },
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function send(options: HttpClientOptions, clock: Clock, request: HttpRequest): Promise<HttpResponse> {
  const started = clock.now();
  const url = new URL(request.url);
  const idempotent = request.idempotent ?? IDEMPOTENT_METHODS.has(request.method);
  const encoded = encodeBody(request.body);
  const headers = { 'user-agent': options.userAgent ?? 'Outbox', ...encoded.headers, ...request.headers };
  const transport = url.protocol === 'https:' ? https : http;
  // A reused keep-alive socket can be closed by the server just as the request goes out; for a request that must
  // not be repeated, a fresh connection keeps "reset before anything was read" apart from "reset after acting".
  const agent = idempotent ? undefined : false;
  return new Promise<HttpResponse>((resolve, reject) => {
    let bodySent = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const req: ClientRequest = transport.request(url, { method: request.method, headers, agent, lookup: options.lookup });
    const onAbort = () => fail('aborted', request.signal?.reason);
    const cleanup = () => {
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    };
    function fail(cause: HttpFailureCause, error: unknown): void {
      if (settled) return;
      cleanup();
      req.destroy();
      encoded.stream?.destroy();
      reject(httpFailure({ platform: options.platform, method: request.method, cause, error, bodySent, idempotent }));
    }
    timers.push(setTimeout(() => fail('timeout', undefined), request.timeoutMs ?? options.timeoutMs ?? 30_000));
    req.setTimeout(request.idleTimeoutMs ?? options.idleTimeoutMs ?? 30_000, () => fail('idle_timeout', undefined));
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => fail('connect_timeout', undefined), request.connectTimeoutMs ?? options.connectTimeoutMs ?? 10_000);
      timers.push(timer);
      socket.once('connect', () => clearTimeout(timer));
    });
    req.on('finish', () => {
      bodySent = true;
    });
    req.on('error', (error) => fail('network', error));
    req.on('response', (response) => {
      readResponse(response, options.maxResponseBytes ?? 4 * 1024 * 1024, (error, text) => {
        if (error !== undefined) return fail(error === 'too_large' ? 'response_too_large' : 'network', error);
        if (settled) return;
        cleanup();
        // The server answered before reading the whole body (an early 4xx): the rest is not needed.
        if (encoded.stream !== undefined && !encoded.stream.readableEnded) encoded.stream.destroy();
        const now = clock.now();
        const rateLimit = parseRateLimitHeaders(response.headers, now);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, rateLimit, durationMs: now - started });
      });
    });
    if (request.signal?.aborted === true) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (encoded.stream !== undefined) {
      encoded.stream.once('error', (error) => fail('source', error));
      encoded.stream.pipe(req);
    } else {
      req.end(encoded.data);
    }
  });
}

function readResponse(response: IncomingMessage, maxBytes: number, done: (error: unknown, text: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (error: unknown, text = '') => {
    if (finished) return;
    finished = true;
    done(error, text);
  };
  response.on('data', (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size > maxBytes) {
      response.destroy();
      return finish('too_large');
    }
    chunks.push(chunk);
  });
  response.on('end', () => finish(undefined, Buffer.concat(chunks).toString('utf8')));
  response.on('error', (error) => finish(error));
  response.on('close', () => {
    if (!response.complete) finish(new Error('the connection closed before the response was complete'));
  });
}
