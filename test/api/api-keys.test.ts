import { afterEach, beforeEach, expect, it } from 'vitest';
import { hashApiKey } from '../../src/core/api-keys/api-key-secret.js';
import { createTestApi, type TestApi } from '../helpers/context.js';
import { describeEachDialect } from '../helpers/dialects.js';

describeEachDialect('API keys API', (dialect) => {
  let t: TestApi;
  beforeEach(async () => {
    t = await createTestApi(dialect);
  });
  afterEach(async () => t.close());

  const createKey = (payload: object, key?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: t.auth(key), payload });

  it('creates a key shown once, stores only its hash, and lists it without the secret', async () => {
    const res = await createKey({ name: 'ci', expiresIn: 30 });
    expect(res.statusCode).toBe(201);
    const apiKey = res.json().apiKey;
    expect(apiKey.key).toMatch(/^sk_[0-9a-f]{48}$/);
    expect(apiKey).toMatchObject({ name: 'ci', scope: 'full', permission: 'read-write' });
    expect(Date.parse(apiKey.expiresAt) - t.clock.now()).toBe(30 * 86_400_000);

    const rows = await t.ctx.db.selectFrom('api_keys').selectAll().execute();
    expect(rows.some((row) => JSON.stringify(row).includes(apiKey.key))).toBe(false);
    expect(rows.some((row) => row.key_hash === hashApiKey(apiKey.key))).toBe(true);

    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: t.auth() })).json();
    const listed = list.apiKeys.find((k: { id: string }) => k.id === apiKey.id);
    expect(listed.key).toBeUndefined();
    expect(listed.keyPreview).toBe(`${apiKey.key.slice(0, 7)}…${apiKey.key.slice(-4)}`);

    const use = await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth(apiKey.key) });
    expect(use.statusCode).toBe(200);
  });

  it('answers 401 with the envelope for missing, malformed, unknown, deleted and expired keys', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/profiles' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ code: 'AUTH_MISSING_KEY', type: 'authentication_error' });
    const malformed = await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: { authorization: 'Basic abc' } });
    expect(malformed.json().code).toBe('AUTH_MISSING_KEY');
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth('sk_nope') });
    expect(unknown.json().code).toBe('AUTH_INVALID_KEY');

    const doomed = (await createKey({ name: 'doomed' })).json().apiKey;
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${doomed.id}`, headers: t.auth() });
    expect(del.statusCode).toBe(200);
    const afterDelete = await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth(doomed.key) });
    expect(afterDelete.statusCode).toBe(401);

    const expiring = (await createKey({ name: 'short', expiresIn: 1 })).json().apiKey;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth(expiring.key) })).statusCode).toBe(200);
    t.clock.advance(86_400_000);
    const expired = await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth(expiring.key) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('AUTH_INVALID_KEY');
  });

  it('creates profile-scoped and read-only keys and validates their profiles', async () => {
    const profile = (await t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: t.auth(), payload: { name: 'P' } })).json().profile;
    const scoped = (await createKey({ name: 's', scope: 'profiles', profileIds: [profile._id], permission: 'read' })).json().apiKey;
    expect(scoped).toMatchObject({ scope: 'profiles', permission: 'read', profileIds: [{ _id: profile._id, name: 'P', color: profile.color }] });

    const unknown = await createKey({ name: 's', profileIds: [profile._id, 'f'.repeat(24)] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().param).toBe('profileIds[1]');
    const empty = await createKey({ name: 's', scope: 'profiles' });
    expect(empty.json().param).toBe('profileIds');
    const mixed = await createKey({ name: 's', scope: 'full', profileIds: [profile._id] });
    expect(mixed.json().param).toBe('profileIds');
    const groups = await createKey({ name: 's', disabledResourceGroups: ['ads'] });
    expect(groups.json().param).toBe('disabledResourceGroups');
    const badScope = await createKey({ name: 's', scope: 'some' });
    expect(badScope.json()).toMatchObject({ code: 'VALIDATION_FAILED', param: 'scope' });
  });

  it('lets only full-scope keys manage keys, and no key delete itself', async () => {
    const profile = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() })).json().profiles[0];
    const scoped = await t.createKey({ name: 'scoped', profileIds: [profile._id] });
    for (const res of [
      await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: t.auth(scoped) }),
      await createKey({ name: 'escalate' }, scoped),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('AUTH_SCOPE_FORBIDDEN');
    }
    const own = (await t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: t.auth() })).json().apiKeys
      .find((k: { name: string }) => k.name === 'test');
    const self = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${own.id}`, headers: t.auth() });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('API_KEY_SELF_DELETE');
    const missing = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${'e'.repeat(24)}`, headers: t.auth() });
    expect(missing.statusCode).toBe(404);
  });
});
