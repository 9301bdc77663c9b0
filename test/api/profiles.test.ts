import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/context.js';
import { describeEachDialect } from '../helpers/dialects.js';

describeEachDialect('profiles API', (dialect) => {
  let t: TestApi;
  beforeEach(async () => {
    t = await createTestApi(dialect);
  });
  afterEach(async () => t.close());

  const create = (name: string, key?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: t.auth(key), payload: { name, color: '#112233' } });

  it('lists the default profile created on first start', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.profiles).toHaveLength(1);
    expect(body.profiles[0]).toMatchObject({ name: 'Default', isDefault: true });
    expect(body.profiles[0]._id).toMatch(/^[0-9a-f]{24}$/);
    expect(body.total).toBeUndefined();
  });

  it('creates, reads, updates and deletes a profile in the SDK shapes', async () => {
    const created = await create('Brand A');
    expect(created.statusCode).toBe(201);
    const profile = created.json().profile;
    expect(profile).toMatchObject({ name: 'Brand A', color: '#112233', isDefault: false });
    expect(Date.parse(profile.createdAt)).toBe(t.clock.now());

    const got = await t.app.inject({ method: 'GET', url: `/api/v1/profiles/${profile._id}`, headers: t.auth() });
    expect(got.json().profile).toEqual(profile);

    const updated = await t.app.inject({
      method: 'PUT', url: `/api/v1/profiles/${profile._id}`, headers: t.auth(), payload: { description: 'shop', name: 'Brand B' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().profile).toMatchObject({ name: 'Brand B', description: 'shop' });

    const cleared = await t.app.inject({ method: 'PUT', url: `/api/v1/profiles/${profile._id}`, headers: t.auth(), payload: { description: null } });
    expect(cleared.json().profile.description).toBeUndefined();

    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/profiles/${profile._id}`, headers: t.auth() });
    expect(deleted.statusCode).toBe(200);
    const gone = await t.app.inject({ method: 'GET', url: `/api/v1/profiles/${profile._id}`, headers: t.auth() });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('PROFILE_NOT_FOUND');
  });

  it('accepts a bodiless DELETE sent with a JSON content type', async () => {
    const profile = (await create('Temp')).json().profile;
    const res = await t.app.inject({
      method: 'DELETE', url: `/api/v1/profiles/${profile._id}`, headers: { ...t.auth(), 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a duplicate name with 409 naming the field', async () => {
    await create('Same');
    const res = await create('Same');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PROFILE_NAME_TAKEN', param: 'name' });
  });

  it('moves the default flag and protects the default profile', async () => {
    const list = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() })).json().profiles;
    const original = (await list())[0];
    const next = (await create('Next')).json().profile;

    const refused = await t.app.inject({ method: 'DELETE', url: `/api/v1/profiles/${original._id}`, headers: t.auth() });
    expect(refused.json().code).toBe('PROFILE_IS_DEFAULT');
    const unset = await t.app.inject({ method: 'PUT', url: `/api/v1/profiles/${original._id}`, headers: t.auth(), payload: { isDefault: false } });
    expect(unset.statusCode).toBe(400);
    expect(unset.json().param).toBe('isDefault');

    await t.app.inject({ method: 'PUT', url: `/api/v1/profiles/${next._id}`, headers: t.auth(), payload: { isDefault: true } });
    const defaults = (await list()).filter((p: { isDefault: boolean }) => p.isDefault);
    expect(defaults.map((p: { _id: string }) => p._id)).toEqual([next._id]);
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/profiles/${original._id}`, headers: t.auth() });
    expect(deleted.statusCode).toBe(200);
  });

  it('refuses to delete a profile that still has accounts', async () => {
    const profile = (await create('With account')).json().profile;
    const now = t.clock.now();
    await t.ctx.db.insertInto('accounts').values({
      id: 'a'.repeat(24), profile_id: profile._id, platform: 'tiktok', platform_account_id: 'open-1', username: 'u', display_name: null,
      avatar_url: null, status: 'active', access_token_enc: null, refresh_token_enc: null, token_expires_at: null,
      refresh_expires_at: null, scopes: '[]', metadata: '{}', created_at: now, updated_at: now,
    }).execute();
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/profiles/${profile._id}`, headers: t.auth() });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PROFILE_HAS_ACCOUNTS', details: { accounts: 1 } });
    // Once its account is disconnected, the profile goes, with the disconnected account.
    await t.ctx.db.updateTable('accounts').set({ status: 'disconnected' }).where('id', '=', 'a'.repeat(24)).execute();
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/profiles/${profile._id}`, headers: t.auth() });
    expect(deleted.statusCode).toBe(200);
    expect(await t.ctx.db.selectFrom('accounts').selectAll().execute()).toEqual([]);
  });

  it('pages with limit and skip and filters by exact name', async () => {
    for (const name of ['P1', 'P2', 'P3']) await create(name);
    const page = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles?limit=2&skip=1', headers: t.auth() })).json();
    expect(page.profiles.map((p: { name: string }) => p.name)).toEqual(['P1', 'P2']);
    expect(page).toMatchObject({ total: 4, skip: 1, limit: 2 });
    const skipOnly = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles?skip=3', headers: t.auth() })).json();
    expect(skipOnly.profiles.map((p: { name: string }) => p.name)).toEqual(['P3']);
    const named = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles?name=P2', headers: t.auth() })).json();
    expect(named.profiles).toHaveLength(1);
  });

  it('limits a profile-scoped key to its profiles: others answer 404, creating needs full scope', async () => {
    const mine = (await create('Mine')).json().profile;
    const theirs = (await create('Theirs')).json().profile;
    const scoped = await t.createKey({ name: 'scoped', profileIds: [mine._id] });

    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth(scoped) })).json();
    expect(list.profiles.map((p: { _id: string }) => p._id)).toEqual([mine._id]);
    const hidden = await t.app.inject({ method: 'GET', url: `/api/v1/profiles/${theirs._id}`, headers: t.auth(scoped) });
    expect(hidden.statusCode).toBe(404);
    const hiddenUpdate = await t.app.inject({ method: 'PUT', url: `/api/v1/profiles/${theirs._id}`, headers: t.auth(scoped), payload: { name: 'x' } });
    expect(hiddenUpdate.statusCode).toBe(404);
    const createRes = await create('New', scoped);
    expect(createRes.statusCode).toBe(403);
    expect(createRes.json().code).toBe('AUTH_SCOPE_FORBIDDEN');
  });

  it('lets a read-only key read but not write', async () => {
    const readOnly = await t.createKey({ name: 'ro', permission: 'read' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth(readOnly) })).statusCode).toBe(200);
    const res = await create('Nope', readOnly);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'AUTH_READ_ONLY_KEY', type: 'permission_error' });
  });

  it('names the field and rule for bad input', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'ok', color: 'blue' }, 'color'],
      [[1, 2], 'body'],
    ];
    for (const [payload, param] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: t.auth(), payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', type: 'invalid_request_error', param });
      expect(res.json().details.fields[param]).toBeDefined();
    }
    const badId = await t.app.inject({ method: 'GET', url: '/api/v1/profiles/not-an-id', headers: t.auth() });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ param: 'profileId', details: { location: 'path' } });
    const badQuery = await t.app.inject({ method: 'GET', url: '/api/v1/profiles?limit=0&includeOverLimit=maybe', headers: t.auth() });
    expect(badQuery.statusCode).toBe(400);
    expect(Object.keys(badQuery.json().details.fields).sort()).toEqual(['includeOverLimit', 'limit']);
  });
});
