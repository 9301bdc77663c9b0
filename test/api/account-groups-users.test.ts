import { afterEach, beforeEach, expect, it } from 'vitest';
import { OWNER_USER_ID } from '../../src/core/instance/ensure-instance.js';
import { createTestApi, type TestApi } from '../helpers/context.js';
import { describeEachDialect } from '../helpers/dialects.js';

describeEachDialect('account groups and users API', (dialect) => {
  let t: TestApi;
  let profiles: string[];
  beforeEach(async () => {
    t = await createTestApi(dialect);
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: t.auth(), payload: { name: 'Second' } });
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() })).json().profiles;
    profiles = [list[0]._id, second.json().profile._id];
    const now = t.clock.now();
    for (const [index, profileId] of profiles.entries()) {
      await t.ctx.db.insertInto('accounts').values({
        id: String(index + 1).repeat(24), profile_id: profileId, platform: 'tiktok', platform_account_id: `open-${index}`,
        username: null, display_name: null, avatar_url: null, status: 'active', access_token_enc: null, refresh_token_enc: null,
        token_expires_at: null, refresh_expires_at: null, scopes: '[]', metadata: '{}', created_at: now, updated_at: now,
      }).execute();
    }
  });
  afterEach(async () => t.close());

  const accountA = '1'.repeat(24);
  const accountB = '2'.repeat(24);

  it('creates, lists, updates and deletes groups of existing accounts', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/account-groups', headers: t.auth(), payload: { name: 'All', accountIds: [accountA, accountB] } });
    expect(created.statusCode).toBe(201);
    const group = created.json().group;
    expect(group).toMatchObject({ name: 'All', accountIds: [accountA, accountB] });

    const updated = await t.app.inject({ method: 'PUT', url: `/api/v1/account-groups/${group._id}`, headers: t.auth(), payload: { accountIds: [accountB] } });
    expect(updated.json().group.accountIds).toEqual([accountB]);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/account-groups', headers: t.auth() })).json().groups;
    expect(listed).toEqual([expect.objectContaining({ _id: group._id, name: 'All', accountIds: [accountB] })]);

    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/account-groups', headers: t.auth(), payload: { name: 'All', accountIds: [] } });
    expect(dup.json().code).toBe('ACCOUNT_GROUP_NAME_TAKEN');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/account-groups/${group._id}`, headers: t.auth() })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/account-groups/${group._id}`, headers: t.auth() })).statusCode).toBe(404);
  });

  it('names each unknown account id', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/account-groups', headers: t.auth(), payload: { name: 'G', accountIds: [accountA, '9'.repeat(24), 'bad'] },
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().details.fields)).toEqual(['accountIds[2]']);
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/account-groups', headers: t.auth(), payload: { name: 'G', accountIds: ['9'.repeat(24)] } });
    expect(unknown.json().param).toBe('accountIds[0]');
  });

  it('shows a scoped key only the accounts of its profiles', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/account-groups', headers: t.auth(), payload: { name: 'All', accountIds: [accountA, accountB] } });
    const scoped = await t.createKey({ name: 's', profileIds: [profiles[1]!] });
    const groups = (await t.app.inject({ method: 'GET', url: '/api/v1/account-groups', headers: t.auth(scoped) })).json().groups;
    expect(groups[0].accountIds).toEqual([accountB]);
    const create = await t.app.inject({ method: 'POST', url: '/api/v1/account-groups', headers: t.auth(scoped), payload: { name: 'X', accountIds: [] } });
    expect(create.statusCode).toBe(403);
  });

  it('lists users with the caller as currentUserId', async () => {
    const res = (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth() })).json();
    expect(res.currentUserId).toBe(OWNER_USER_ID);
    expect(res.users).toEqual([expect.objectContaining({ _id: OWNER_USER_ID, role: 'owner', isRoot: true, profileAccess: ['all'] })]);
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/users/${OWNER_USER_ID}`, headers: t.auth() });
    expect(one.json().user._id).toBe(OWNER_USER_ID);
    const missing = await t.app.inject({ method: 'GET', url: `/api/v1/users/${'c'.repeat(24)}`, headers: t.auth() });
    expect(missing.json().code).toBe('USER_NOT_FOUND');
  });
});
