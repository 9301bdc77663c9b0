import { createHash, randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { createFakeClock, type FakeClock } from '../../clock.js';
import { formSubmission, parseHtmlForms } from '../emulator-kit/html-form.js';
import { createTikTokEmulator, type TikTokEmulator } from './emulator.js';
import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET, type TikTokEmulatorOptions, type TikTokScope } from './emulator-options.js';

/** The prefix the tests mount the emulator under, as sandbox mode does. */
export const SANDBOX_PREFIX = '/sandbox/tiktok';
/** A loopback redirect URI the default sandbox app accepts. */
export const TEST_REDIRECT_URI = 'http://127.0.0.1:5999/callback/';

/** A fetch request body (Node's types do not declare the DOM's `BodyInit` globally). */
export type RequestBody = NonNullable<RequestInit['body']>;

/** A running emulator on an ephemeral port, driven by a fake clock. */
export interface EmulatorHarness {
  app: FastifyInstance;
  emulator: TikTokEmulator;
  clock: FakeClock;
  /** `http://127.0.0.1:<port>/sandbox/tiktok` */
  base: string;
  close(): Promise<void>;
}

/** Starts Fastify with the emulator under {@link SANDBOX_PREFIX} on 127.0.0.1 and an ephemeral port. */
export async function startEmulator(options: TikTokEmulatorOptions = {}): Promise<EmulatorHarness> {
  const clock = createFakeClock(Date.UTC(2025, 0, 15, 12, 0, 0));
  const emulator = createTikTokEmulator({ clock, ...options });
  const app = Fastify();
  await app.register(emulator.plugin, { prefix: SANDBOX_PREFIX });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, emulator, clock, base: `${address}${SANDBOX_PREFIX}`, close: () => app.close() };
}

/** A parsed HTTP answer. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, any>;
}

/** Sends a request and reads the whole answer. */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let json: Record<string, any> = {};
  try {
    json = text === '' ? {} : (JSON.parse(text) as Record<string, any>);
  } catch {
    json = {};
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POSTs JSON to a v2 data endpoint with a bearer token. */
export function postJson(harness: EmulatorHarness, path: string, token: string, body?: unknown): Promise<Answer> {
  const init: RequestInit = {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=UTF-8' },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  return call(`${harness.base}${path}`, init);
}

/** POSTs a form to the token or revoke endpoint. */
export function postForm(harness: EmulatorHarness, path: string, fields: Record<string, string>): Promise<Answer> {
  return call(`${harness.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** A PKCE pair with an RFC 7636 (base64url) challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Options of {@link authorize}. */
export interface AuthorizeOptions {
  scopes?: TikTokScope[];
  /** Scopes left ticked on the consent page (Default: all requested). */
  keepScopes?: TikTokScope[];
  openId?: string;
  decision?: 'approve' | 'deny';
  codeChallenge?: string;
  state?: string;
}

/** Opens the consent page, submits its form and returns the redirect's query parameters. */
export async function authorize(harness: EmulatorHarness, options: AuthorizeOptions = {}): Promise<URLSearchParams> {
  const query = new URLSearchParams({
    client_key: SANDBOX_CLIENT_KEY,
    response_type: 'code',
    scope: (options.scopes ?? ['user.info.basic', 'video.publish', 'video.upload']).join(','),
    redirect_uri: TEST_REDIRECT_URI,
    state: options.state ?? 'state-123',
  });
  if (options.codeChallenge !== undefined) {
    query.set('code_challenge', options.codeChallenge);
    query.set('code_challenge_method', 'S256');
  }
  const page = await call(`${harness.base}/v2/auth/authorize/?${query.toString()}`);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${page.text}`);
  const form = parseHtmlForms(page.text)[0];
  if (form === undefined) throw new Error('consent page has no form');
  const choices: Parameters<typeof formSubmission>[1] = { button: options.decision ?? 'approve' };
  if (options.openId !== undefined) choices.radios = { creator: options.openId };
  if (options.keepScopes !== undefined) choices.checkboxes = { scope: options.keepScopes };
  const origin = new URL(harness.base).origin;
  const submitted = await call(`${origin}${form.action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formSubmission(form, choices).toString(),
  });
  const location = submitted.headers.get('location');
  if (submitted.status !== 302 || location === null) throw new Error(`consent answered ${submitted.status}: ${submitted.text}`);
  return new URL(location).searchParams;
}

/** Exchanges a code at the token endpoint. */
export function exchangeCode(harness: EmulatorHarness, code: string, extra: Record<string, string> = {}): Promise<Answer> {
  return postForm(harness, '/v2/oauth/token/', {
    client_key: SANDBOX_CLIENT_KEY,
    client_secret: SANDBOX_CLIENT_SECRET,
    code,
    grant_type: 'authorization_code',
    redirect_uri: TEST_REDIRECT_URI,
    ...extra,
  });
}

/** Runs the whole consent + code exchange and returns the token response body. */
export async function connect(harness: EmulatorHarness, options: AuthorizeOptions = {}): Promise<Record<string, any>> {
  const params = await authorize(harness, options);
  const code = params.get('code');
  if (code === null) throw new Error(`authorization did not return a code: ${params.toString()}`);
  const tokens = await exchangeCode(harness, code);
  if (tokens.status !== 200) throw new Error(`token exchange answered ${tokens.status}: ${tokens.text}`);
  return tokens.json;
}

/** A FILE_UPLOAD Direct Post init body. */
export function fileInitBody(videoSize: number, chunkSize: number, totalChunkCount: number, privacy = 'SELF_ONLY'): unknown {
  return {
    post_info: { privacy_level: privacy, title: 'sandbox video #test', brand_content_toggle: false },
    source_info: { source: 'FILE_UPLOAD', video_size: videoSize, chunk_size: chunkSize, total_chunk_count: totalChunkCount },
  };
}

/** PUTs one chunk of `total` bytes covering [first, last], with `body` as its bytes. */
export function putChunk(
  uploadUrl: string,
  first: number,
  last: number,
  total: number,
  body: RequestBody,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return call(uploadUrl, {
    method: 'PUT',
    headers: {
      'content-type': 'video/mp4',
      'content-length': String(last - first + 1),
      'content-range': `bytes ${first}-${last}/${total}`,
      ...headers,
    },
    body,
    duplex: 'half',
  } as RequestInit);
}
