import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock, FakeClock } from '../../clock.js';
import { renderErrorPage } from '../emulator-kit/consent-page.js';
import { createDelayer } from '../emulator-kit/connection-faults.js';
import { createFaultQueue } from '../emulator-kit/fault-queue.js';
import { registerAuthorizeRoutes } from './emulator-authorize.js';
import { resolveConfig } from './emulator-config.js';
import type { TikTokEmulatorContext } from './emulator-context.js';
import {
  expireTokens,
  registerTikTokControl,
  revokeTokens,
  setLimits,
  type TikTokTokenSelector,
} from './emulator-control.js';
import { registerCreatorInfoRoute } from './emulator-creator-info.js';
import { newLogId, sendEnvelope, sendOAuthError } from './emulator-envelope.js';
import {
  describeQueuedFault,
  splitFaultInput,
  type TikTokFault,
  type TikTokFaultInput,
  type TikTokQueuedFault,
} from './emulator-faults.js';
import type { TikTokEmulatorLimits, TikTokEmulatorLimitsPatch, TikTokEmulatorOptions } from './emulator-options.js';
import { registerPublishRoutes } from './emulator-publish.js';
import { createPullRunner } from './emulator-pull.js';
import { createReadModel, type TikTokEmulatorState } from './emulator-read-model.js';
import { createTikTokStore } from './emulator-state.js';
import { registerStatusRoutes } from './emulator-status.js';
import { uploadRoutes } from './emulator-upload.js';
import { registerTokenRoutes } from './emulator-token.js';
import { registerUserRoutes } from './emulator-user.js';

/**
 * A local, in-process TikTok (Login Kit v2 + Content Posting API) that serves the real paths under any prefix and
 * enforces the documented contract: envelopes and error codes, token lifetimes, scopes, chunk rules, per-token
 * rate limits, rolling 24 h caps, the publish status machine, and faults injected through `/__control`.
 */
export interface TikTokEmulator {
  /** The Fastify plugin; register it under a prefix, e.g. `app.register(emu.plugin, { prefix: '/sandbox/tiktok' })`. */
  plugin: FastifyPluginAsync;
  /** Read access to posts, tokens, counters and limits. */
  state: TikTokEmulatorState;
  /** Forgets every token, publish, upload, window, counter and fault, and restores the configured limits. */
  reset(): void;
  /** The fault queue, as `POST|GET|DELETE /__control/faults` expose it. */
  faults: {
    add(input: TikTokFaultInput): TikTokQueuedFault;
    list(): TikTokQueuedFault[];
    clear(): void;
  };
  /** Changes limits at run time (`POST /__control/limits`); returns the limits in force. */
  setLimits(patch: TikTokEmulatorLimitsPatch): TikTokEmulatorLimits;
  /** Expires tokens now (`POST /__control/tokens/expire`); returns the number of access tokens affected. */
  expireTokens(selector: TikTokTokenSelector): number;
  /** Revokes grants (`POST /__control/tokens/revoke`); returns the number of grants revoked. */
  revokeTokens(selector: TikTokTokenSelector): number;
  /** Resolves when no PULL_FROM_URL download is running, so a test can then read the outcome. */
  idle(): Promise<void>;
}

function isFakeClock(clock: Clock): clock is FakeClock {
  return typeof (clock as Partial<FakeClock>).advance === 'function' && typeof (clock as Partial<FakeClock>).set === 'function';
}

function registerParsers(app: FastifyInstance): void {
  // The host app's parsers for these types (if any) are replaced inside this plugin only.
  app.removeContentTypeParser(['application/json', 'application/x-www-form-urlencoded']);
  // Some clients send `Content-Type: application/json` with no body on creator_info/query; that means "no body".
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const failure = new Error(`The body is not valid JSON: ${(error as Error).message}`) as FastifyError;
      failure.statusCode = 400;
      done(failure, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, new URLSearchParams(body as string));
  });
}

/** Answers parser and unexpected errors in the format of the route that failed. */
async function handleError(clock: Clock, error: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const clientError = (error.statusCode ?? 500) < 500;
  const route = request.routeOptions.url ?? request.url;
  const logId = newLogId(clock);
  if (route.includes('/v2/oauth/')) {
    await sendOAuthError(reply, clientError ? 400 : 500, clientError ? 'invalid_request' : 'server_error', error.message, logId);
  } else if (route.includes('/v2/auth/')) {
    const page = renderErrorPage({ platform: 'TikTok', title: 'Something went wrong', message: error.message });
    await reply.code(clientError ? 400 : 500).type('text/html; charset=utf-8').send(page);
  } else {
    const code = clientError ? 'invalid_param' : 'internal_error';
    await sendEnvelope(reply, clientError ? 400 : 500, {}, { code, message: error.message, logId });
  }
}

/** Creates a TikTok emulator; see {@link TikTokEmulatorOptions} for its defaults. */
export function createTikTokEmulator(options: TikTokEmulatorOptions = {}): TikTokEmulator {
  const config = resolveConfig(options);
  const store = createTikTokStore(config);
  const faults = createFaultQueue<TikTokFault>();
  const delayer = createDelayer();
  const pulls = createPullRunner(config.clock);
  let prefix = '';
  const ctx: TikTokEmulatorContext = {
    config,
    clock: config.clock,
    store,
    faults,
    delayer,
    pulls,
    baseUrlFor: (request) => config.baseUrl ?? `${request.protocol}://${request.host}${prefix}`,
  };
  const state = createReadModel(store, config, pulls);
  const addFault = (input: TikTokFaultInput) => describeQueuedFault(faults.add(splitFaultInput(input)));
  const listFaults = () => faults.list().map(describeQueuedFault);
  const reset = () => {
    pulls.abortAll();
    faults.clear();
    store.reset();
  };

  const plugin: FastifyPluginAsync = async (app) => {
    prefix = app.prefix;
    registerParsers(app);
    app.setErrorHandler((error: FastifyError, request, reply) => handleError(config.clock, error, request, reply));
    // preClose, not onClose: Fastify waits for open requests before onClose hooks run, and a delayed request or a
    // pull from this same server would otherwise hold the close forever.
    app.addHook('preClose', async () => {
      delayer.cancelAll();
      pulls.abortAll();
      await pulls.idle();
    });
    registerAuthorizeRoutes(app, ctx);
    registerTokenRoutes(app, ctx);
    registerUserRoutes(app, ctx);
    registerCreatorInfoRoute(app, ctx);
    registerPublishRoutes(app, ctx);
    registerStatusRoutes(app, ctx);
    await app.register(uploadRoutes(ctx));
    const fakeClock = isFakeClock(config.clock) ? config.clock : undefined;
    registerTikTokControl(app, { ctx, state, reset, addFault, listFaults, fakeClock });
  };

  return {
    plugin,
    state,
    reset,
    faults: { add: addFault, list: listFaults, clear: () => faults.clear() },
    setLimits: (patch) => setLimits(ctx, patch),
    expireTokens: (selector) => expireTokens(ctx, selector),
    revokeTokens: (selector) => revokeTokens(ctx, selector),
    idle: () => pulls.idle(),
  };
}
