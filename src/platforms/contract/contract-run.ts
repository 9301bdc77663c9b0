import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { FakeClock } from '../../clock.js';
import type { PlatformAdapter } from '../adapter.js';
import { formSubmission, parseHtmlForms } from '../emulator-kit/html-form.js';
import type { PlatformTokens } from '../platform-auth.js';
import type { PublishContext, PublishResult, PublishStatus } from '../publish-context.js';
import type { PublishTarget } from '../publish-target.js';

/** A fault the harness can make the platform answer to the adapter's next identity request. */
export type ContractFault = 'expired_token' | 'rate_limit' | 'server_error';

/** What a platform's contract run provides: a fresh adapter wired to a fresh emulator, and ways to poke it. */
export interface AdapterContractHarness {
  adapter: PlatformAdapter;
  /** The clock both the adapter and the emulator read; `sleep` in publish contexts advances it. */
  clock: FakeClock;
  /** Requests the adapter has sent so far (from its HTTP helper's request log). */
  requestCount(): number;
  /** Publishes the emulator has accepted (inits), to prove a resume does not start a second one. */
  publishInitCount(): number;
  /** Valid targets for each kind the platform supports. */
  targets: { video?: PublishTarget; image?: PublishTarget; text?: PublishTarget };
  /** A target that breaks one of the platform's media or caption rules. */
  invalidTarget: PublishTarget;
  /** Makes the next identity request of the adapter fail this way. */
  injectFault(fault: ContractFault): Promise<void>;
  /** Whether a used refresh token stops working after a refresh. */
  rotatesRefreshTokens: boolean;
  /** Waits until background work of the emulator (media pulls) is done (Default: nothing to wait for). */
  settle?(): Promise<void>;
  close(): Promise<void>;
}

/** A local page the consent redirect lands on; it records the query of every visit. */
export interface CallbackServer {
  server: Server;
  redirectUri: string;
  visits: URLSearchParams[];
}

/** Starts a {@link CallbackServer} on 127.0.0.1 and an ephemeral port. */
export async function startCallbackServer(): Promise<CallbackServer> {
  const visits: URLSearchParams[] = [];
  const server = createServer((request, response) => {
    visits.push(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams);
    response.writeHead(200, { 'content-type': 'text/plain' }).end('connected');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, redirectUri: `http://127.0.0.1:${port}/callback`, visits };
}

/** Submits the first form of a consent page with `approve`, the way a browser would; returns the redirect. */
async function approveConsent(url: string): Promise<string> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const form = parseHtmlForms(await page.text())[0];
  if (form === undefined) throw new Error('the consent page has no form');
  const submitted = await fetch(new URL(form.action === '' ? url : form.action, url), {
    method: form.method.toUpperCase(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formSubmission(form, { button: 'approve' }).toString(),
    redirect: 'manual',
  });
  expect(submitted.status).toBeGreaterThanOrEqual(300);
  expect(submitted.status).toBeLessThan(400);
  return submitted.headers.get('location') ?? '';
}

/** The whole connect flow: consent URL, consent page, redirect to the local callback, code exchange with PKCE. */
export async function connectThroughConsent(harness: AdapterContractHarness, callback: CallbackServer): Promise<{ tokens: PlatformTokens; accountId: string }> {
  const { auth } = harness.adapter;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(12).toString('hex');
  const url = auth.authorizationUrl({ state, redirectUri: callback.redirectUri, codeChallenge: auth.supportsPkce ? challenge : undefined });
  const location = await approveConsent(url);
  expect(location.startsWith(callback.redirectUri)).toBe(true);
  expect((await fetch(location)).status).toBe(200);
  const visit = callback.visits.at(-1);
  expect(visit?.get('state')).toBe(state);
  const code = visit?.get('code');
  if (code === null || code === undefined) throw new Error(`the callback got no code: ${visit?.toString()}`);
  const codeVerifier = auth.supportsPkce ? verifier : undefined;
  const { tokens, identity } = await auth.exchangeCode({ code, redirectUri: callback.redirectUri, codeVerifier });
  return { tokens, accountId: identity.platformAccountId };
}

/** A publish context that records saved refs and whose `sleep` settles the emulator, then advances the clock. */
export function contractContext(harness: AdapterContractHarness, accessToken: string, externalRef?: string): { context: PublishContext; saved: string[] } {
  const saved: string[] = [];
  const context: PublishContext = {
    accessToken,
    clock: harness.clock,
    externalRef,
    saveExternalRef: async (ref) => {
      saved.push(ref);
    },
    sleep: async (ms) => {
      await harness.settle?.();
      harness.clock.advance(ms);
    },
  };
  return { context, saved };
}

/** Publishes and, while the platform is processing, polls getStatus with the clock moving forward. */
export async function publishToEnd(
  harness: AdapterContractHarness,
  accessToken: string,
  target: PublishTarget,
): Promise<{ result: PublishResult | PublishStatus; saved: string[] }> {
  const { context, saved } = contractContext(harness, accessToken);
  let result: PublishResult | PublishStatus = await harness.adapter.publish(context, target);
  for (let polls = 0; result.status === 'processing' && polls < 50; polls += 1) {
    await context.sleep(Math.max(result.pollAfterMs, 1000));
    result = await harness.adapter.getStatus(context, result.externalRef);
  }
  return { result, saved };
}
