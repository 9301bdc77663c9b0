import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError, type PlatformErrorKind } from '../platform-error.js';
import type { PublishTarget } from '../publish-target.js';
import {
  connectThroughConsent,
  contractContext,
  publishToEnd,
  startCallbackServer,
  type AdapterContractHarness,
  type CallbackServer,
  type ContractFault,
} from './contract-run.js';

export type { AdapterContractHarness, ContractFault } from './contract-run.js';

/** Access to the current test's harness and the shared callback server. */
interface ContractRun {
  harness(): AdapterContractHarness;
  connect(): ReturnType<typeof connectThroughConsent>;
}

const EXPECTED_KINDS: Record<ContractFault, PlatformErrorKind> = {
  expired_token: 'auth_expired',
  rate_limit: 'rate_limited',
  server_error: 'transient',
};

function anyTarget(harness: AdapterContractHarness): PublishTarget {
  const target = harness.targets.video ?? harness.targets.image ?? harness.targets.text;
  if (target === undefined) throw new Error('the harness provides no target');
  return target;
}

function authTests(run: ContractRun): void {
  it('connects through the consent page and exchanges the code', async () => {
    const { tokens, accountId } = await run.connect();
    expect(tokens.accessToken).not.toBe('');
    expect(accountId).not.toBe('');
    if (tokens.expiresAt !== undefined) expect(tokens.expiresAt).toBeGreaterThan(run.harness().clock.now());
    for (const scope of run.harness().adapter.auth.requiredScopes) expect(tokens.scopes).toContain(scope);
  });

  it('reads the identity of a token', async () => {
    const { tokens, accountId } = await run.connect();
    expect((await run.harness().adapter.auth.fetchIdentity(tokens.accessToken)).platformAccountId).toBe(accountId);
  });

  it('refreshes tokens, and the new access token works', async () => {
    const { auth } = run.harness().adapter;
    const { tokens, accountId } = await run.connect();
    if (tokens.refreshToken === undefined) return;
    const refreshed = await auth.refresh(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect((await auth.fetchIdentity(refreshed.accessToken)).platformAccountId).toBe(accountId);
    if (!run.harness().rotatesRefreshTokens) return;
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    await expect(auth.refresh(tokens.refreshToken)).rejects.toMatchObject({ kind: 'auth_revoked' });
  });
}

function publishTests(run: ContractRun): void {
  for (const kind of ['video', 'image', 'text'] as const) {
    it(`publishes ${kind} posts as its capabilities declare`, async () => {
      const harness = run.harness();
      const { capabilities } = harness.adapter;
      const supported = { video: capabilities.supportsVideo, image: capabilities.supportsImages, text: capabilities.supportsText }[kind];
      const target = harness.targets[kind] ?? { content: 'A text-only post', media: [] };
      const { tokens } = await run.connect();
      if (!supported) {
        expect(harness.adapter.validateTarget(target).length).toBeGreaterThan(0);
        return;
      }
      expect(harness.adapter.validateTarget(target)).toEqual([]);
      const { result, saved } = await publishToEnd(harness, tokens.accessToken, target);
      expect(['published', 'inbox']).toContain(result.status);
      expect(saved).toEqual([result.externalRef]);
    });
  }

  it('reports the status of a publish by its externalRef', async () => {
    const harness = run.harness();
    const { tokens } = await run.connect();
    const { result } = await publishToEnd(harness, tokens.accessToken, anyTarget(harness));
    const status = await harness.adapter.getStatus(contractContext(harness, tokens.accessToken).context, result.externalRef);
    expect(status.status).toBe(result.status);
    expect(status.externalRef).toBe(result.externalRef);
  });

  it('resumes by a saved externalRef without starting a second publish', async () => {
    const harness = run.harness();
    const { tokens } = await run.connect();
    const target = anyTarget(harness);
    const { result } = await publishToEnd(harness, tokens.accessToken, target);
    const inits = harness.publishInitCount();
    const { context, saved } = contractContext(harness, tokens.accessToken, result.externalRef);
    const resumed = await harness.adapter.publish(context, target);
    expect(resumed.status).toBe(result.status);
    expect(resumed.externalRef).toBe(result.externalRef);
    expect(harness.publishInitCount()).toBe(inits);
    expect(saved).toEqual([]);
  });
}

function failureTests(run: ContractRun): void {
  for (const fault of Object.keys(EXPECTED_KINDS) as ContractFault[]) {
    it(`maps an injected ${fault.replace('_', ' ')} to kind ${EXPECTED_KINDS[fault]}`, async () => {
      const { tokens } = await run.connect();
      await run.harness().injectFault(fault);
      const failure = await run.harness().adapter.auth.fetchIdentity(tokens.accessToken).then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(PlatformError);
      expect((failure as PlatformError).kind).toBe(EXPECTED_KINDS[fault]);
      if (fault === 'rate_limit') expect((failure as PlatformError).retryAfterMs).toBeGreaterThan(0);
    });
  }

  it('catches a rule violation before any HTTP call', async () => {
    const harness = run.harness();
    const { tokens } = await run.connect();
    const before = harness.requestCount();
    expect(harness.adapter.validateTarget(harness.invalidTarget).length).toBeGreaterThan(0);
    const { context, saved } = contractContext(harness, tokens.accessToken);
    const failure = await harness.adapter.publish(context, harness.invalidTarget).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(['content_rejected', 'media_rejected']).toContain((failure as PlatformError).kind);
    expect(harness.requestCount()).toBe(before);
    expect(saved).toEqual([]);
  });
}

/**
 * Runs the contract every adapter + emulator pair must pass: the consent page round trip (authorize URL, HTML form,
 * approve, redirect to a local callback, code exchange with PKCE), refresh, identity, a publish per declared
 * capability, status, error mapping, resume by externalRef without a second init, and validation before any call.
 * `setup` is called before each test and must return a fresh harness; `close` is called after it.
 */
export function runAdapterContract(name: string, setup: () => Promise<AdapterContractHarness>): void {
  describe(`${name} adapter contract`, () => {
    let callback: CallbackServer;
    let current: AdapterContractHarness | undefined;
    const run: ContractRun = {
      harness() {
        if (current === undefined) throw new Error('no harness: setup failed');
        return current;
      },
      connect: () => connectThroughConsent(run.harness(), callback),
    };

    beforeAll(async () => {
      callback = await startCallbackServer();
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => callback.server.close(() => resolve()));
    });
    beforeEach(async () => {
      current = await setup();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    describe('accounts', () => authTests(run));
    describe('publishing', () => publishTests(run));
    describe('failures', () => failureTests(run));
  });
}
