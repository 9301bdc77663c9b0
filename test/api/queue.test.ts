import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helpers/context.js';
import { describeEachDialect } from '../helpers/dialects.js';

interface Slot {
  dayOfWeek: number;
  time: string;
}

describeEachDialect('queue API', (dialect) => {
  let t: TestApi;
  let profileId: string;
  beforeEach(async () => {
    // The test clock starts on Sunday 2026-03-01 12:00 UTC (07:00 in New York, one week before its spring-forward day).
    t = await createTestApi(dialect);
    profileId = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() })).json().profiles[0]._id;
  });
  afterEach(async () => t.close());

  const createQueue = (body: Record<string, unknown>, key?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/queue/slots', headers: t.auth(key), payload: { profileId, ...body } });
  const putQueue = (body: Record<string, unknown>, key?: string) =>
    t.app.inject({ method: 'PUT', url: '/api/v1/queue/slots', headers: t.auth(key), payload: { profileId, ...body } });
  const get = (url: string, key?: string) => t.app.inject({ method: 'GET', url, headers: t.auth(key) });
  const nyMornings: Slot[] = [
    { dayOfWeek: 3, time: '09:00' },
    { dayOfWeek: 1, time: '09:00' },
  ];

  it('creates, reads, updates and deletes queues in the SDK shapes', async () => {
    const empty = await get(`/api/v1/queue/slots?profileId=${profileId}`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ exists: false, nextSlots: [] });

    const created = await createQueue({ name: 'Mornings', timezone: 'America/New_York', slots: nyMornings });
    expect(created.statusCode).toBe(201);
    const first = created.json();
    expect(first.success).toBe(true);
    expect(first.schedule).toMatchObject({
      profileId, name: 'Mornings', timezone: 'America/New_York', active: true, isDefault: true,
      slots: [{ dayOfWeek: 1, time: '09:00' }, { dayOfWeek: 3, time: '09:00' }],
    });
    expect(first.schedule._id).toMatch(/^[0-9a-f]{24}$/);
    expect(Date.parse(first.schedule.createdAt)).toBe(t.clock.now());
    // Monday 2 March 09:00 EST, Wednesday 4 March 09:00 EST, then EDT from 8 March on.
    expect(first.nextSlots.slice(0, 4)).toEqual([
      '2026-03-02T14:00:00.000Z', '2026-03-04T14:00:00.000Z', '2026-03-09T13:00:00.000Z', '2026-03-11T13:00:00.000Z',
    ]);
    expect(first.nextSlots).toHaveLength(10);

    const second = (await createQueue({ name: 'Evenings', timezone: 'Europe/London', slots: [{ dayOfWeek: 5, time: '18:30' }] })).json();
    expect(second.schedule.isDefault).toBe(false);

    const byDefault = (await get(`/api/v1/queue/slots?profileId=${profileId}`)).json();
    expect(byDefault).toMatchObject({ exists: true, schedule: { _id: first.schedule._id } });
    const byId = (await get(`/api/v1/queue/slots?profileId=${profileId}&queueId=${second.schedule._id}`)).json();
    expect(byId.schedule).toEqual(second.schedule);
    const all = (await get(`/api/v1/queue/slots?profileId=${profileId}&all=true`)).json();
    expect(all.count).toBe(2);
    expect(all.queues.map((q: { _id: string }) => q._id)).toEqual([first.schedule._id, second.schedule._id]);

    t.clock.advance(60_000);
    const updated = await putQueue({
      queueId: second.schedule._id, name: 'Late', timezone: 'Europe/London', slots: [{ dayOfWeek: 6, time: '20:00' }], setAsDefault: true,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      success: true, isNewQueue: false,
      schedule: { _id: second.schedule._id, name: 'Late', isDefault: true, slots: [{ dayOfWeek: 6, time: '20:00' }] },
      nextSlots: expect.arrayContaining(['2026-03-07T20:00:00.000Z']),
    });
    expect(Date.parse(updated.json().schedule.updatedAt)).toBe(t.clock.now());
    const defaults = (await get(`/api/v1/queue/slots?profileId=${profileId}&all=true`)).json().queues
      .filter((q: { isDefault: boolean }) => q.isDefault).map((q: { _id: string }) => q._id);
    expect(defaults).toEqual([second.schedule._id]);

    // Deleting the default promotes the oldest remaining queue.
    const deleted = await t.app.inject({
      method: 'DELETE', url: `/api/v1/queue/slots?profileId=${profileId}&queueId=${second.schedule._id}`, headers: t.auth(),
    });
    expect(deleted.json()).toMatchObject({ success: true, deleted: true, deletedCount: 1 });
    expect((await get(`/api/v1/queue/slots?profileId=${profileId}`)).json().schedule._id).toBe(first.schedule._id);

    const all2 = await t.app.inject({
      method: 'DELETE', url: `/api/v1/queue/slots?profileId=${profileId}`, headers: { ...t.auth(), 'content-type': 'application/json' },
    });
    expect(all2.json()).toMatchObject({ deleted: true, deletedCount: 1 });
    const none = await t.app.inject({ method: 'DELETE', url: `/api/v1/queue/slots?profileId=${profileId}`, headers: t.auth() });
    expect(none.json()).toMatchObject({ success: true, deleted: false, deletedCount: 0 });
    expect(await t.ctx.db.selectFrom('queue_slots').selectAll().execute()).toEqual([]);
  });

  it('PUT without queueId creates the default queue once, then updates it', async () => {
    const made = await putQueue({ timezone: 'UTC', slots: [{ dayOfWeek: 1, time: '08:00' }] });
    expect(made.statusCode).toBe(200);
    expect(made.json()).toMatchObject({ isNewQueue: true, schedule: { name: 'Default', isDefault: true, active: true } });
    const again = await putQueue({ timezone: 'UTC', slots: [{ dayOfWeek: 2, time: '08:00' }], active: false });
    expect(again.json()).toMatchObject({
      isNewQueue: false, nextSlots: [], schedule: { _id: made.json().schedule._id, active: false, slots: [{ dayOfWeek: 2, time: '08:00' }] },
    });
    const unset = await putQueue({ timezone: 'UTC', slots: [{ dayOfWeek: 2, time: '08:00' }], setAsDefault: false });
    expect(unset.statusCode).toBe(400);
    expect(unset.json()).toMatchObject({ code: 'VALIDATION_FAILED', param: 'setAsDefault' });
  });

  it('answers next-slot and preview across the New York spring-forward change', async () => {
    await createQueue({ name: 'NY', timezone: 'America/New_York', slots: [{ dayOfWeek: 0, time: '02:30' }, { dayOfWeek: 0, time: '09:00' }] });
    const next = await get(`/api/v1/queue/next-slot?profileId=${profileId}`);
    expect(next.statusCode).toBe(200);
    const queue = (await get(`/api/v1/queue/slots?profileId=${profileId}`)).json().schedule;
    expect(next.json()).toEqual({
      profileId, nextSlot: '2026-03-01T14:00:00.000Z', timezone: 'America/New_York', queueId: queue._id, queueName: 'NY',
    });
    const preview = await get(`/api/v1/queue/preview?profileId=${profileId}&count=4`);
    expect(preview.json()).toEqual({
      profileId, queueId: queue._id, queueName: 'NY', count: 4,
      // 8 March: 02:30 does not exist and fires when the clock jumps to 03:00 EDT (07:00 UTC).
      slots: ['2026-03-01T14:00:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-15T06:30:00.000Z'],
    });
    expect((await get(`/api/v1/queue/preview?profileId=${profileId}`)).json().count).toBe(20);
  });

  it('uses the first occurrence of a repeated hour on fall-back days, in New York and London', async () => {
    const ny = (await createQueue({ name: 'NY', timezone: 'America/New_York', slots: [{ dayOfWeek: 0, time: '01:30' }] })).json().schedule;
    const london = (await createQueue({ name: 'LDN', timezone: 'Europe/London', slots: [{ dayOfWeek: 0, time: '01:30' }] })).json().schedule;
    t.clock.set(Date.parse('2026-10-24T00:00:00Z'));
    const nyPreview = (await get(`/api/v1/queue/preview?profileId=${profileId}&queueId=${ny._id}&count=3`)).json();
    expect(nyPreview.slots).toEqual(['2026-10-25T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-08T06:30:00.000Z']);
    const londonPreview = (await get(`/api/v1/queue/preview?profileId=${profileId}&queueId=${london._id}&count=2`)).json();
    expect(londonPreview.slots).toEqual(['2026-10-25T00:30:00.000Z', '2026-11-01T01:30:00.000Z']);
    // London's spring-forward: 01:30 on 29 March does not exist and fires at 02:00 BST (01:00 UTC).
    t.clock.set(Date.parse('2026-03-28T00:00:00Z'));
    const spring = (await get(`/api/v1/queue/next-slot?profileId=${profileId}&queueId=${london._id}`)).json();
    expect(spring.nextSlot).toBe('2026-03-29T01:00:00.000Z');
  });

  it('refuses next-slot without a queue and on a paused queue', async () => {
    const missing = await get(`/api/v1/queue/next-slot?profileId=${profileId}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'QUEUE_NOT_FOUND', param: 'profileId' });
    const paused = (await createQueue({ name: 'Paused', timezone: 'UTC', slots: [{ dayOfWeek: 1, time: '10:00' }], active: false })).json();
    expect(paused.nextSlots).toEqual([]);
    const res = await get(`/api/v1/queue/next-slot?profileId=${profileId}`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'QUEUE_INACTIVE', type: 'invalid_request_error' });
    const preview = await get(`/api/v1/queue/preview?profileId=${profileId}&queueId=${paused.schedule._id}`);
    expect(preview.json()).toMatchObject({ code: 'QUEUE_INACTIVE', param: 'queueId' });
  });

  it('rejects bad input with 400 naming the field and the rule', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'Q', timezone: 'Mars/Olympus_Mons', slots: nyMornings }, 'timezone'],
      [{ name: 'Q', timezone: '+02:00', slots: nyMornings }, 'timezone'],
      [{ name: 'Q', timezone: 'UTC', slots: [{ dayOfWeek: 1, time: '24:00' }] }, 'slots[0].time'],
      [{ name: 'Q', timezone: 'UTC', slots: [{ dayOfWeek: 1, time: '9:00' }] }, 'slots[0].time'],
      [{ name: 'Q', timezone: 'UTC', slots: [{ dayOfWeek: 7, time: '09:00' }] }, 'slots[0].dayOfWeek'],
      [{ name: 'Q', timezone: 'UTC', slots: [{ dayOfWeek: 1.5, time: '09:00' }] }, 'slots[0].dayOfWeek'],
      [{ name: 'Q', timezone: 'UTC', slots: [{ time: '09:00' }] }, 'slots[0].dayOfWeek'],
      [{ name: 'Q', timezone: 'UTC', slots: [{ dayOfWeek: 1, time: '09:00' }, { dayOfWeek: 1, time: '09:00' }] }, 'slots[1]'],
      [{ name: 'Q', timezone: 'UTC', slots: [] }, 'slots'],
      [{ name: ' ', timezone: 'UTC', slots: nyMornings }, 'name'],
      [{ timezone: 'UTC', slots: nyMornings }, 'name'],
      [{ name: 'Q', slots: nyMornings }, 'timezone'],
      [{ name: 'Q', timezone: 'UTC', slots: nyMornings, profileId: 'nope' }, 'profileId'],
    ];
    for (const [body, field] of cases) {
      const res = await createQueue(body);
      expect([res.statusCode, res.json().code, res.json().param], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED', field]);
      expect(res.json().details.fields[field][0]).toEqual(expect.any(String));
    }
    expect((await createQueue(cases[0]![0])).json().details.fields.timezone).toEqual(['must be an IANA time zone name such as America/New_York']);

    const queries: Array<[string, string]> = [
      ['/api/v1/queue/slots', 'profileId'],
      [`/api/v1/queue/slots?profileId=${profileId}&all=yes`, 'all'],
      [`/api/v1/queue/slots?profileId=${profileId}&all=true&queueId=${'a'.repeat(24)}`, 'queueId'],
      [`/api/v1/queue/next-slot?profileId=${profileId}&queueId=xyz`, 'queueId'],
      [`/api/v1/queue/preview?profileId=${profileId}&count=0`, 'count'],
      [`/api/v1/queue/preview?profileId=${profileId}&count=101`, 'count'],
      [`/api/v1/queue/preview?profileId=${profileId}&count=two`, 'count'],
    ];
    for (const [url, field] of queries) {
      const res = await get(url);
      expect([res.statusCode, res.json().code, res.json().param], url).toEqual([400, 'VALIDATION_FAILED', field]);
    }

    const reshuffle = await putQueue({ timezone: 'UTC', slots: nyMornings, reshuffleExisting: true });
    expect(reshuffle.statusCode).toBe(501);
    expect(reshuffle.json()).toMatchObject({ code: 'REQUEST_NOT_IMPLEMENTED', param: 'reshuffleExisting' });
    const unknownQueue = await putQueue({ queueId: 'b'.repeat(24), timezone: 'UTC', slots: nyMornings });
    expect(unknownQueue.statusCode).toBe(404);
    expect(unknownQueue.json()).toMatchObject({ code: 'QUEUE_NOT_FOUND', param: 'queueId' });
  });

  it('scopes queues to the key\'s profiles and keeps read-only keys from writing', async () => {
    const other = (await t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: t.auth(), payload: { name: 'Other' } })).json().profile;
    const theirs = (await createQueue({ profileId: other._id, name: 'Theirs', timezone: 'UTC', slots: nyMornings })).json().schedule;
    const mine = (await createQueue({ name: 'Mine', timezone: 'UTC', slots: nyMornings })).json().schedule;
    const scoped = await t.createKey({ name: 'scoped', profileIds: [profileId] });

    for (const url of [
      `/api/v1/queue/slots?profileId=${other._id}`,
      `/api/v1/queue/slots?profileId=${other._id}&all=true`,
      `/api/v1/queue/next-slot?profileId=${other._id}`,
      `/api/v1/queue/preview?profileId=${other._id}`,
    ]) {
      const res = await get(url, scoped);
      expect([res.statusCode, res.json().code], url).toEqual([404, 'PROFILE_NOT_FOUND']);
    }
    // Another profile's queue id under the key's own profile is simply not one of its queues.
    const crossed = await get(`/api/v1/queue/slots?profileId=${profileId}&queueId=${theirs._id}`, scoped);
    expect(crossed.json()).toMatchObject({ code: 'QUEUE_NOT_FOUND', param: 'queueId' });
    const crossedPut = await putQueue({ queueId: theirs._id, timezone: 'UTC', slots: nyMornings }, scoped);
    expect(crossedPut.statusCode).toBe(404);
    const crossedDelete = await t.app.inject({
      method: 'DELETE', url: `/api/v1/queue/slots?profileId=${profileId}&queueId=${theirs._id}`, headers: t.auth(scoped),
    });
    expect(crossedDelete.statusCode).toBe(404);
    const foreignCreate = await createQueue({ profileId: other._id, name: 'X', timezone: 'UTC', slots: nyMornings }, scoped);
    expect(foreignCreate.json().code).toBe('PROFILE_NOT_FOUND');
    expect((await get(`/api/v1/queue/slots?profileId=${other._id}&all=true`)).json().count).toBe(1);
    expect((await get(`/api/v1/queue/slots?profileId=${profileId}`, scoped)).json().schedule._id).toBe(mine._id);

    const readOnly = await t.createKey({ name: 'reader', permission: 'read' });
    expect((await get(`/api/v1/queue/next-slot?profileId=${profileId}`, readOnly)).statusCode).toBe(200);
    const writes = [
      await createQueue({ name: 'RO', timezone: 'UTC', slots: nyMornings }, readOnly),
      await putQueue({ timezone: 'UTC', slots: nyMornings }, readOnly),
      await t.app.inject({ method: 'DELETE', url: `/api/v1/queue/slots?profileId=${profileId}`, headers: t.auth(readOnly) }),
    ];
    for (const res of writes) expect([res.statusCode, res.json().code]).toEqual([403, 'AUTH_READ_ONLY_KEY']);
    expect((await get(`/api/v1/queue/slots?profileId=${profileId}&all=true`)).json().count).toBe(1);
  });

  it('serves the queue paths instead of the hosted-service 501, and deletes queues with their profile', async () => {
    const wrongMethod = await t.app.inject({ method: 'PATCH', url: '/api/v1/queue/slots', headers: t.auth(), payload: {} });
    expect(wrongMethod.json().code).toBe('REQUEST_ROUTE_NOT_FOUND');
    const elsewhere = await get('/api/v1/queue/unknown-operation');
    expect(elsewhere.json().code).toBe('REQUEST_NOT_IMPLEMENTED');

    const other = (await t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: t.auth(), payload: { name: 'Gone' } })).json().profile;
    await createQueue({ profileId: other._id, name: 'Q', timezone: 'UTC', slots: nyMornings });
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/profiles/${other._id}`, headers: t.auth() });
    expect(deleted.statusCode).toBe(200);
    expect(await t.ctx.db.selectFrom('queues').selectAll().execute()).toEqual([]);
  });

  it('documents the queue operations in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/queue/slots', '/v1/queue/next-slot', '/v1/queue/preview']));
    expect(doc.paths['/v1/queue/next-slot'].get.description).toContain('first occurrence');
  });
});
