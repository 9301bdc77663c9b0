import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { connectPlatforms } from '../../src/context.js';
import { getAccessToken } from '../../src/core/accounts/get-access-token.js';
import { createTestApi, type TestApi } from '../helpers/context.js';
import { nextHop, submitConsent } from '../helpers/consent.js';
import { describeEachDialect } from '../helpers/dialects.js';

describeEachDialect('connecting TikTok accounts through the sandbox', (dialect) => {
  let t: TestApi;
  let origin: string;
  let profileId: string;
  beforeEach(async () => {
    t = await createTestApi(dialect);
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    connectPlatforms(t.ctx, Number(new URL(origin).port));
    profileId = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() })).json().profiles[0]._id;
  });
  afterEach(async () => t.close());

  const start = async (query: Record<string, string>, key?: string) => {
    const res = await fetch(`${origin}/api/v1/connect/tiktok?${new URLSearchParams({ profileId, ...query })}`, { headers: t.auth(key) });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const done = 'http://127.0.0.1:9/done';

  it('connects through the consent page and redirects with the account id; tokens are encrypted at rest', async () => {
    const started = await start({ redirect_url: done });
    expect(started.status).toBe(200);
    expect(started.json.authUrl).toContain('/sandbox/tiktok/v2/auth/authorize/');
    expect(new URL(started.json.authUrl).searchParams.get('code_challenge_method')).toBe('S256');

    const callback = await submitConsent(started.json.authUrl);
    expect(callback.startsWith(`${origin}/api/v1/connect/tiktok/callback?`)).toBe(true);
    const hop = await nextHop(callback);
    expect(hop.status).toBe(302);
    const landed = new URL(hop.location!);
    expect(landed.origin + landed.pathname).toBe(done);
    expect(landed.searchParams.get('connected')).toBe('tiktok');
    const accountId = landed.searchParams.get('accountId')!;

    const account = (await t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}`, headers: t.auth() })).json().account;
    expect(account).toMatchObject({ platform: 'tiktok', profileId, isActive: true, needsReconnection: false });
    const listed = (await t.app.inject({ method: 'GET', url: `/api/v1/accounts?profileId=${profileId}`, headers: t.auth() })).json();
    expect(listed.accounts.map((a: { _id: string }) => a._id)).toEqual([accountId]);

    const token = await getAccessToken(t.ctx, accountId);
    expect(token).toMatch(/^act\./);
    const rows = await t.ctx.db.selectFrom('accounts').selectAll().execute();
    const refreshToken = t.ctx.tokenCipher.decrypt(rows[0]!.refresh_token_enc!);
    expect(refreshToken).toMatch(/^rft\./);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(refreshToken);
    if (dialect === 'sqlite') {
      const file = t.ctx.config.database.dialect === 'sqlite' ? t.ctx.config.database.file : '';
      const raw = Buffer.concat([fs.readFileSync(file), fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
      expect(raw.includes(Buffer.from(token))).toBe(false);
      expect(raw.includes(Buffer.from('rft.'))).toBe(false);
    }
  });

  it('connecting the same identity again updates the account instead of adding one', async () => {
    const first = new URL((await nextHop(await submitConsent((await start({ redirect_url: done })).json.authUrl))).location!);
    const second = new URL((await nextHop(await submitConsent((await start({ redirect_url: done })).json.authUrl))).location!);
    expect(second.searchParams.get('accountId')).toBe(first.searchParams.get('accountId'));
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/accounts', headers: t.auth() })).json();
    expect(listed.accounts).toHaveLength(1);
  });

  it('a denied consent redirects with CONNECT_DENIED and stores nothing; a replayed state is refused', async () => {
    const started = await start({ redirect_url: done });
    const callback = await submitConsent(started.json.authUrl, { decision: 'deny' });
    const landed = new URL((await nextHop(callback)).location!);
    expect(landed.searchParams.get('error')).toBe('CONNECT_DENIED');
    const replay = await nextHop(callback);
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body).code).toBe('CONNECT_STATE_USED');
    expect((await t.ctx.db.selectFrom('accounts').selectAll().execute())).toHaveLength(0);
  });

  it('an expired state is refused', async () => {
    const started = await start({});
    const callback = await submitConsent(started.json.authUrl);
    t.clock.advance(10 * 60_000 + 1);
    const res = await nextHop(callback);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).code).toBe('CONNECT_STATE_EXPIRED');
  });

  it('headless: the client gets code and state and finishes with POST, for the right profile only', async () => {
    const started = await start({ redirect_url: done, headless: 'true' });
    const handoff = new URL((await nextHop(await submitConsent(started.json.authUrl))).location!).searchParams;
    expect(handoff.get('state')).toBe(started.json.state);
    const other = (await t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: t.auth(), payload: { name: 'Other' } })).json().profile._id;
    const finish = (profile: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/connect/tiktok', headers: t.auth(), payload: { code: handoff.get('code'), state: handoff.get('state'), profileId: profile } });
    const mismatch = await finish(other);
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().code).toBe('CONNECT_PROFILE_MISMATCH');
    const ok = await finish(profileId);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().account).toMatchObject({ platform: 'tiktok', profileId });
    expect((await finish(profileId)).json().code).toBe('CONNECT_STATE_USED');
  });

  it('rejects an unknown platform and another key’s profile', async () => {
    const unknown = await fetch(`${origin}/api/v1/connect/myspace?profileId=${profileId}`, { headers: t.auth() });
    expect(((await unknown.json()) as { code: string }).code).toBe('CONNECT_PLATFORM_UNSUPPORTED');
    const other = (await t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: t.auth(), payload: { name: 'Mine' } })).json().profile._id;
    const scoped = await t.createKey({ name: 's', profileIds: [other] });
    expect((await start({}, scoped)).status).toBe(404);
    const readOnly = await t.createKey({ name: 'ro', permission: 'read' });
    const refused = await start({}, readOnly);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('AUTH_READ_ONLY_KEY');
  });

  it('serves live creator info from TikTok in the SDK shape, and account renames', async () => {
    const landed = new URL((await nextHop(await submitConsent((await start({ redirect_url: done })).json.authUrl))).location!);
    const accountId = landed.searchParams.get('accountId')!;
    const info = await t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/tiktok/creator-info`, headers: t.auth() });
    expect(info.statusCode).toBe(200);
    const body = info.json();
    expect(body.privacyLevels.map((p: { value: string }) => p.value)).toEqual(['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY']);
    expect(body.postingLimits.maxVideoDurationSec).toBeGreaterThan(0);
    expect(body.creator.nickname).toEqual(expect.any(String));
    const wrongPlatform = await t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}/youtube/creator-info`, headers: t.auth() });
    expect(wrongPlatform.statusCode).toBe(404);

    const renamed = await t.app.inject({ method: 'PUT', url: `/api/v1/accounts/${accountId}`, headers: t.auth(), payload: { displayName: 'Brand TikTok' } });
    expect(renamed.json()).toMatchObject({ displayName: 'Brand TikTok' });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/accounts/${accountId}`, headers: t.auth() })).json().account.displayName).toBe('Brand TikTok');
  });

  it('disconnecting revokes the token at TikTok and marks the account disconnected', async () => {
    const landed = new URL((await nextHop(await submitConsent((await start({ redirect_url: done })).json.authUrl))).location!);
    const accountId = landed.searchParams.get('accountId')!;
    const token = await getAccessToken(t.ctx, accountId);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/accounts/${accountId}`, headers: t.auth() });
    expect(res.json()).toMatchObject({ revoked: true });
    expect(t.ctx.sandbox!.tiktok.state.tokens().find((grant) => grant.accessTokens.some((a) => a.token === token))?.revoked).toBe(true);
    const account = (await t.app.inject({ method: 'GET', url: `/api/v1/accounts?status=disconnected`, headers: t.auth() })).json().accounts[0];
    expect(account).toMatchObject({ _id: accountId, status: 'disconnected', isActive: false });
  });
});
