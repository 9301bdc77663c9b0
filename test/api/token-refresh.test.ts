import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { closeContext, connectPlatforms, createContext, type AppContext } from '../../src/context.js';
import { getAccessToken } from '../../src/core/accounts/get-access-token.js';
import { refreshExpiringTokens } from '../../src/core/accounts/refresh-expiring-tokens.js';
import { createPlatformRegistry } from '../../src/platforms/registry.js';
import { createTikTokAdapter } from '../../src/platforms/tiktok/adapter.js';
import { tiktokConfigFor } from '../../src/platforms/tiktok/config.js';
import { createTestApi, type TestApi } from '../helpers/context.js';
import { nextHop, submitConsent } from '../helpers/consent.js';
import { describeEachDialect } from '../helpers/dialects.js';

const DAY = 86_400_000;

describeEachDialect('silent token refresh', (dialect) => {
  let t: TestApi;
  let origin: string;
  let accountId: string;
  const tokenCalls = () => t.ctx.sandbox!.tiktok.state.counters().requestsByEndpoint['oauth.token'] ?? 0;

  beforeEach(async () => {
    t = await createTestApi(dialect);
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    connectPlatforms(t.ctx, Number(new URL(origin).port));
    const profileId = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() })).json().profiles[0]._id;
    const started = await fetch(`${origin}/api/v1/connect/tiktok?profileId=${profileId}&redirect_url=http://127.0.0.1:9/done`, { headers: t.auth() });
    const { authUrl } = (await started.json()) as { authUrl: string };
    accountId = new URL((await nextHop(await submitConsent(authUrl))).location!).searchParams.get('accountId')!;
  });
  afterEach(async () => t.close());

  it('ten concurrent uses of an expired token cause exactly one refresh, and the rotated token is stored', async () => {
    const before = await getAccessToken(t.ctx, accountId);
    const row = await t.ctx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    t.clock.advance(DAY + 1);
    const calls = tokenCalls();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => getAccessToken(t.ctx, accountId)));
    expect(tokenCalls() - calls).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(before);
    const after = await t.ctx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(after.refresh_token_enc).not.toBe(row.refresh_token_enc);
    expect(t.ctx.tokenCipher.decrypt(after.refresh_token_enc!)).not.toBe(t.ctx.tokenCipher.decrypt(row.refresh_token_enc!));
    expect(after.token_expires_at).toBe(t.clock.now() + DAY);
  });

  it('two processes refreshing at once still refresh once (the row lock on PostgreSQL)', async () => {
    const other: AppContext = createContext(t.ctx.config, { clock: t.clock, logger: pino({ level: 'silent' }) });
    other.platforms = t.ctx.platforms;
    try {
      t.clock.advance(DAY + 1);
      const calls = tokenCalls();
      const tokens = await Promise.all([
        ...Array.from({ length: 5 }, () => getAccessToken(t.ctx, accountId)),
        ...Array.from({ length: 5 }, () => getAccessToken(other, accountId)),
      ]);
      expect(new Set(tokens).size).toBe(1);
      // PostgreSQL serialises the two processes on the account row. SQLite has no row lock: the second refresh may
      // reach TikTok with the already-rotated token, which must resolve to the stored new token, not needs_reauth.
      if (dialect === 'postgres') expect(tokenCalls() - calls).toBe(1);
      else expect(tokenCalls() - calls).toBeLessThanOrEqual(2);
      const account = await t.ctx.db.selectFrom('accounts').select('status').where('id', '=', accountId).executeTakeFirstOrThrow();
      expect(account.status).toBe('active');
    } finally {
      await closeContext(other);
    }
  });

  it('a token the platform refuses is refreshed once, even before its recorded expiry', async () => {
    const token = await getAccessToken(t.ctx, accountId);
    const calls = tokenCalls();
    const [a, b] = await Promise.all([
      getAccessToken(t.ctx, accountId, { rejectedToken: token }),
      getAccessToken(t.ctx, accountId, { rejectedToken: token }),
    ]);
    expect(a).toBe(b);
    expect(a).not.toBe(token);
    expect(tokenCalls() - calls).toBe(1);
  });

  it('invalid_grant marks the account needs_reauth and emits account:needs_reauth', async () => {
    t.ctx.sandbox!.tiktok.revokeTokens({ openId: undefined, includeRefresh: true, accessToken: await getAccessToken(t.ctx, accountId) });
    t.clock.advance(DAY + 1);
    const event = t.ctx.events.next('account:needs_reauth');
    await expect(getAccessToken(t.ctx, accountId)).rejects.toMatchObject({ code: 'ACCOUNT_NEEDS_REAUTH' });
    expect(await event).toMatchObject({ accountId, platform: 'tiktok' });
    const health = (await t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/health`, headers: t.auth() })).json();
    expect(health).toMatchObject({ status: 'error', needsReconnection: true });
    await expect(getAccessToken(t.ctx, accountId)).rejects.toMatchObject({ code: 'ACCOUNT_NEEDS_REAUTH' });
  });

  it('a wrong app secret fails the refresh without marking the account for reconnection', async () => {
    const wrong = { ...tiktokConfigFor({ sandbox: true, sandboxOrigin: origin }), clientSecret: 'not-the-secret' };
    const healthy = t.ctx.platforms;
    t.ctx.platforms = createPlatformRegistry([createTikTokAdapter(wrong, { clock: t.clock })]);
    try {
      t.clock.advance(DAY + 1);
      await expect(getAccessToken(t.ctx, accountId)).rejects.toMatchObject({ code: 'PLATFORM_REJECTED' });
      const row = await t.ctx.db.selectFrom('accounts').select('status').where('id', '=', accountId).executeTakeFirstOrThrow();
      expect(row.status).toBe('active');
    } finally {
      t.ctx.platforms = healthy;
    }
    expect(await getAccessToken(t.ctx, accountId)).toMatch(/^act\./);
  });

  it('the background pass refreshes tokens about to expire, and only those', async () => {
    expect(await refreshExpiringTokens(t.ctx)).toBe(0);
    t.clock.advance(DAY - 20 * 60_000);
    const calls = tokenCalls();
    expect(await refreshExpiringTokens(t.ctx)).toBe(1);
    expect(tokenCalls() - calls).toBe(1);
    expect(await refreshExpiringTokens(t.ctx)).toBe(0);
  });

  it('reports health with expiry, scopes and missing scopes', async () => {
    const health = (await t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/health`, headers: t.auth() })).json();
    expect(health).toMatchObject({ accountId, status: 'healthy', tokenStatus: { valid: true, needsRefresh: false }, permissions: { canPost: true, missingRequired: [] } });
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/accounts/health', headers: t.auth() })).json();
    expect(all.summary).toMatchObject({ total: 1, healthy: 1 });
  });
});
