import { RateLimitError, ValidationError, Zernio, ZernioApiError } from '@getlatedev/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/dialects.js';
import { failureOf, startCompatServer, type CompatServer } from './compat-server.js';

/*
 * The foundation's resources driven only through the published `@getlatedev/node` SDK against a listening Outbox:
 * if a path, a status, a response shape or the error envelope drifts from what the SDK expects, these fail.
 */

// The SDK's declarations reach @hey-api types that do not resolve here, so response `data` is typed `any`:
// the shapes are checked by the assertions below, not by the compiler.

/** A well-formed id that no row has. */
const UNKNOWN_ID = 'f'.repeat(24);

describeEachDialect('SDK compatibility', (dialect) => {
  let server: CompatServer;
  let sdk: Zernio;
  beforeAll(async () => {
    server = await startCompatServer(dialect);
    sdk = new Zernio({ apiKey: server.key, baseURL: server.baseURL });
  });
  afterAll(async () => server?.stop());

  it('lists, creates, gets, updates and deletes profiles in the SDK shapes', async () => {
    const initial = await sdk.profiles.listProfiles();
    expect(initial.response.status).toBe(200);
    expect(initial.data?.profiles).toEqual([expect.objectContaining({ isDefault: true, _id: expect.any(String) })]);

    const created = await sdk.profiles.createProfile({ body: { name: 'Brand A', description: 'first', color: '#112233' } });
    expect(created.response.status).toBe(201);
    const profile = created.data?.profile;
    expect(profile).toMatchObject({ name: 'Brand A', description: 'first', color: '#112233', isDefault: false });
    const profileId = profile?._id ?? '';
    expect(profileId).toMatch(/^[0-9a-f]{24}$/);

    const fetched = await sdk.profiles.getProfile({ path: { profileId } });
    expect(fetched.data?.profile).toEqual(profile);

    const updated = await sdk.profiles.updateProfile({ path: { profileId }, body: { name: 'Brand B', description: null } });
    expect(updated.data?.profile).toMatchObject({ _id: profileId, name: 'Brand B' });
    expect(updated.data?.profile).not.toHaveProperty('description');

    const byName = await sdk.profiles.listProfiles({ query: { name: 'Brand B' } });
    expect(byName.data?.profiles?.map((p: { _id: string }) => p._id)).toEqual([profileId]);
    const page = await sdk.profiles.listProfiles({ query: { limit: 1, skip: 1 } });
    expect(page.data).toMatchObject({ total: 2, skip: 1, limit: 1 });
    expect(page.data?.profiles).toHaveLength(1);

    const deleted = await sdk.profiles.deleteProfile({ path: { profileId } });
    expect(deleted.response.status).toBe(200);
    expect(deleted.data?.message).toEqual(expect.any(String));
    const gone = await failureOf(sdk.profiles.getProfile({ path: { profileId } }));
    expect({ status: gone.statusCode, code: gone.code }).toEqual({ status: 404, code: 'PROFILE_NOT_FOUND' });
  });

  it('creates an API key once, lists keys without secrets, authenticates with it, and deletes it', async () => {
    const created = await sdk.apiKeys.createApiKey({ body: { name: 'second client' } });
    expect(created.response.status).toBe(201);
    const apiKey = created.data?.apiKey;
    expect(apiKey).toMatchObject({ name: 'second client', scope: 'full', permission: 'read-write', key: expect.stringMatching(/^sk_/) });
    const keyId = apiKey?.id ?? '';

    const listed = await sdk.apiKeys.listApiKeys();
    const keys = listed.data?.apiKeys ?? [];
    expect(keys.map((k: { id: string }) => k.id)).toContain(keyId);
    for (const k of keys as object[]) expect(k).not.toHaveProperty('key');

    const second = new Zernio({ apiKey: apiKey?.key ?? '', baseURL: server.baseURL });
    const seen = await second.profiles.listProfiles();
    expect(seen.data?.profiles?.length).toBeGreaterThan(0);

    const deleted = await sdk.apiKeys.deleteApiKey({ path: { keyId } });
    expect(deleted.data?.message).toEqual(expect.any(String));
    const revoked = await failureOf(second.profiles.listProfiles());
    expect({ status: revoked.statusCode, type: revoked.type }).toEqual({ status: 401, type: 'authentication_error' });
  });

  it('refuses writes with a read-only key as a permission_error', async () => {
    const created = await sdk.apiKeys.createApiKey({ body: { name: 'reader', permission: 'read' } });
    const reader = new Zernio({ apiKey: created.data?.apiKey?.key ?? '', baseURL: server.baseURL });
    expect((await reader.profiles.listProfiles()).response.status).toBe(200);
    const refused = await failureOf(reader.profiles.createProfile({ body: { name: 'not allowed' } }));
    expect({ status: refused.statusCode, type: refused.type, forbidden: refused.isForbidden() }).toEqual({
      status: 403,
      type: 'permission_error',
      forbidden: true,
    });
  });

  it('lists, creates and deletes account groups', async () => {
    expect((await sdk.accountGroups.listAccountGroups()).data).toEqual({ groups: [] });
    const created = await sdk.accountGroups.createAccountGroup({ body: { name: 'Launch', accountIds: [] } });
    expect(created.response.status).toBe(201);
    const groupId = created.data?.group?._id ?? '';
    expect(created.data?.group).toMatchObject({ name: 'Launch', accountIds: [] });
    expect((await sdk.accountGroups.listAccountGroups()).data?.groups?.map((g: { _id: string }) => g._id)).toEqual([groupId]);
    await sdk.accountGroups.deleteAccountGroup({ path: { groupId } });
    expect((await sdk.accountGroups.listAccountGroups()).data).toEqual({ groups: [] });
  });

  it('lists users with the caller as currentUserId and gets one', async () => {
    const listed = await sdk.users.listUsers();
    const currentUserId = listed.data?.currentUserId ?? '';
    expect(currentUserId).toMatch(/^[0-9a-f]{24}$/);
    expect(listed.data?.users).toEqual([expect.objectContaining({ _id: currentUserId, isRoot: true })]);
    const one = await sdk.users.getUser({ path: { userId: currentUserId } });
    expect(one.data?.user).toMatchObject({ _id: currentUserId });
  });

  it('surfaces a wrong key as ZernioApiError 401 authentication_error', async () => {
    const stranger = new Zernio({ apiKey: 'sk_not_a_real_key_0000000000000000', baseURL: server.baseURL });
    const error = await failureOf(stranger.profiles.listProfiles());
    expect(error).not.toBeInstanceOf(ValidationError);
    expect({ status: error.statusCode, type: error.type, code: error.code, auth: error.isAuthError() }).toEqual({
      status: 401,
      type: 'authentication_error',
      code: 'AUTH_INVALID_KEY',
      auth: true,
    });
  });

  it('surfaces a rejected field as ValidationError with the field named', async () => {
    const error = await failureOf(sdk.profiles.createProfile({ body: { name: '' } }));
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.statusCode).toBe(400);
    expect(validation.param).toBe('name');
    expect(Object.keys(validation.fields ?? {})).toEqual(['name']);
    expect(validation.fields?.['name']?.length).toBeGreaterThan(0);
  });

  it('surfaces an unknown profile id as a 404 not_found', async () => {
    const error = await failureOf(sdk.profiles.getProfile({ path: { profileId: UNKNOWN_ID } }));
    expect({ status: error.statusCode, type: error.type, code: error.code, notFound: error.isNotFound() }).toEqual({
      status: 404,
      type: 'not_found',
      code: 'PROFILE_NOT_FOUND',
      notFound: true,
    });
  });
});

describeEachDialect('SDK compatibility, rate limit', (dialect) => {
  let server: CompatServer;
  beforeAll(async () => {
    server = await startCompatServer(dialect, { OUTBOX_RATE_LIMIT: '3' });
  });
  afterAll(async () => server?.stop());

  it('surfaces the request past the limit as RateLimitError with limit and resetAt', async () => {
    const sdk = new Zernio({ apiKey: server.key, baseURL: server.baseURL });
    for (let i = 0; i < 3; i += 1) expect((await sdk.profiles.listProfiles()).response.status).toBe(200);
    const startedAt = Date.now();
    const error = await failureOf(sdk.profiles.listProfiles());
    expect(error).toBeInstanceOf(RateLimitError);
    const limited = error as RateLimitError;
    expect({ status: limited.statusCode, type: limited.type, code: limited.code, limit: limited.limit, remaining: limited.remaining }).toEqual({
      status: 429,
      type: 'rate_limit_error',
      code: 'RATE_LIMITED',
      limit: 3,
      remaining: 0,
    });
    expect(limited.resetAt).toBeInstanceOf(Date);
    // The window is a minute from the first request: its end lies ahead, and at most a minute ahead.
    expect(limited.resetAt!.getTime()).toBeGreaterThan(startedAt - 1_000);
    expect(limited.resetAt!.getTime()).toBeLessThanOrEqual(startedAt + 61_000);
  });
});

describe('SDK compatibility helpers', () => {
  it('rejects a call that was expected to fail but succeeded', async () => {
    await expect(failureOf(Promise.resolve('ok'))).rejects.toThrow('expected the SDK call to fail');
  });
});
