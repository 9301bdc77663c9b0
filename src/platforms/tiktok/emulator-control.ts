import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FakeClock } from '../../clock.js';
import { controlAction, registerControlApi, type ControlAction } from '../emulator-kit/control-api.js';
import { resolveCreator } from './emulator-config.js';
import type { TikTokEmulatorContext } from './emulator-context.js';
import { tiktokFaultInputSchema, type TikTokFaultInput, type TikTokQueuedFault } from './emulator-faults.js';
import { mergeLimits, type TikTokEmulatorLimits, type TikTokEmulatorLimitsPatch } from './emulator-options.js';
import type { TikTokEmulatorState } from './emulator-read-model.js';
import type { Grant } from './emulator-state.js';

/** Which tokens a control operation affects: one access token, or every token of a creator. */
export interface TikTokTokenSelector {
  /** An access token (its grant, for revoke). */
  accessToken?: string | undefined;
  /** A creator's open_id: all of its grants. */
  openId?: string | undefined;
  /** `tokens/expire` only: also expire the refresh token, so a refresh fails with invalid_grant (Default: false). */
  includeRefresh?: boolean | undefined;
}

const tokenSelectorSchema = z
  .object({ accessToken: z.string().min(1).optional(), openId: z.string().min(1).optional(), includeRefresh: z.boolean().optional() })
  .strict()
  .refine((selector) => selector.accessToken !== undefined || selector.openId !== undefined, {
    message: 'give accessToken or openId',
  });

const count = z.number().int().min(0).max(1_000_000_000);
const creatorsSchema = z
  .object({
    creators: z
      .array(
        z.object({
          openId: z.string().min(1).max(200),
          username: z.string().min(1).max(100),
          displayName: z.string().min(1).max(200),
          privateAccount: z.boolean().default(false),
        }),
      )
      .min(1)
      .max(10_000),
  })
  .strict();
const limitsPatchSchema = z
  .object({
    rateLimitsPerMinute: z
      .object({
        creatorInfo: count,
        videoInit: count,
        inboxVideoInit: count,
        contentInit: count,
        statusFetch: count,
        userInfo: count,
      })
      .partial()
      .strict()
      .optional(),
    directPostsPer24h: count.optional(),
    pendingSharesPer24h: count.optional(),
    unauditedActiveCreatorsPer24h: count.optional(),
  })
  .strict();

function selectedGrants(ctx: TikTokEmulatorContext, selector: TikTokTokenSelector): Grant[] {
  const grants = [...ctx.store.grants.values()];
  if (selector.accessToken !== undefined) {
    const token = ctx.store.accessTokens.get(selector.accessToken);
    return grants.filter((grant) => grant.id === token?.grantId && (selector.openId ?? grant.openId) === grant.openId);
  }
  return grants.filter((grant) => grant.openId === selector.openId);
}

/** Expires the selected access tokens now (and their refresh tokens with `includeRefresh`); returns how many. */
export function expireTokens(ctx: TikTokEmulatorContext, selector: TikTokTokenSelector): number {
  const now = ctx.clock.now();
  const grantIds = new Set(selectedGrants(ctx, selector).map((grant) => grant.id));
  let affected = 0;
  for (const token of ctx.store.accessTokens.values()) {
    const chosen = selector.accessToken === undefined || token.token === selector.accessToken;
    if (chosen && grantIds.has(token.grantId)) {
      token.expiresAt = Math.min(token.expiresAt, now);
      affected += 1;
    }
  }
  if (selector.includeRefresh === true) {
    for (const grant of ctx.store.grants.values()) if (grantIds.has(grant.id)) grant.refreshExpiresAt = now;
  }
  return affected;
}

/** Revokes the selected grants (access and refresh tokens alike), as the creator removing the app would; returns how many. */
export function revokeTokens(ctx: TikTokEmulatorContext, selector: TikTokTokenSelector): number {
  const grants = selectedGrants(ctx, selector).filter((grant) => !grant.revoked);
  for (const grant of grants) {
    grant.revoked = true;
    ctx.store.grantIdByRefreshToken.delete(grant.refreshToken);
  }
  return grants.length;
}

/** Raises or lowers limits at run time; returns the limits now in force. */
export function setLimits(ctx: TikTokEmulatorContext, patch: TikTokEmulatorLimitsPatch): TikTokEmulatorLimits {
  ctx.store.limits = mergeLimits(ctx.store.limits, patch);
  return structuredClone(ctx.store.limits);
}

/** What the TikTok control API needs from the emulator it belongs to. */
export interface TikTokControlTarget {
  ctx: TikTokEmulatorContext;
  state: TikTokEmulatorState;
  reset(): void;
  addFault(input: TikTokFaultInput): TikTokQueuedFault;
  listFaults(): TikTokQueuedFault[];
  /** Present when the emulator was given a fake clock, which `/__control/clock` then moves. */
  fakeClock: FakeClock | undefined;
}

/** Registers the TikTok emulator's `/__control` routes on its Fastify instance. */
export function registerTikTokControl(app: FastifyInstance, target: TikTokControlTarget): void {
  const { ctx, state } = target;
  const fault = controlAction(tiktokFaultInputSchema, (input) => target.addFault(input as TikTokFaultInput));
  registerControlApi(app, {
    state: () => ({
      now: ctx.clock.now(),
      posts: state.posts(),
      tokens: state.tokens(),
      counters: state.counters(),
      limits: state.limits(),
      faults: target.listFaults(),
    }),
    reset: () => target.reset(),
    faults: { add: fault as ControlAction<unknown>, list: () => target.listFaults(), clear: () => ctx.faults.clear() },
    tokens: {
      expire: controlAction(tokenSelectorSchema, (selector) => ({ affected: expireTokens(ctx, selector) })) as ControlAction<unknown>,
      revoke: controlAction(tokenSelectorSchema, (selector) => ({ affected: revokeTokens(ctx, selector) })) as ControlAction<unknown>,
    },
    limits: {
      get: () => state.limits(),
      set: controlAction(limitsPatchSchema, (patch) => setLimits(ctx, patch as TikTokEmulatorLimitsPatch)) as ControlAction<unknown>,
    },
    ...(target.fakeClock === undefined ? {} : { clock: target.fakeClock }),
    actions: {
      // More accounts for the consent page, so load and chaos runs can spread posts over many creators without
      // raising any per-creator cap.
      creators: controlAction(creatorsSchema, (input) => {
        for (const creator of input.creators) ctx.config.creators.set(creator.openId, resolveCreator(creator));
        return { creators: ctx.config.creators.size };
      }) as ControlAction<unknown>,
    },
  });
}
