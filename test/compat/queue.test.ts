import { ValidationError, Zernio, ZernioApiError } from '@getlatedev/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/dialects.js';
import { failureOf, startCompatServer, type CompatServer } from './compat-server.js';

/*
 * The queue operations driven through the published `@getlatedev/node` SDK against a listening Outbox. The server
 * runs on the wall clock, so times are checked by their shape and order, not by value.
 */

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/;

describeEachDialect('SDK compatibility, queue', (dialect) => {
  let server: CompatServer;
  let sdk: Zernio;
  let profileId: string;
  beforeAll(async () => {
    server = await startCompatServer(dialect);
    sdk = new Zernio({ apiKey: server.key, baseURL: server.baseURL });
    profileId = (await sdk.profiles.listProfiles()).data?.profiles?.[0]?._id ?? '';
  });
  afterAll(async () => server?.stop());

  it('lists, creates, updates, previews and deletes queue slots in the SDK shapes', async () => {
    const before = await sdk.queue.listQueueSlots({ query: { profileId } });
    expect(before.response.status).toBe(200);
    expect(before.data).toMatchObject({ exists: false });

    const created = await sdk.queue.createQueueSlot({
      body: { profileId, name: 'Weekdays', timezone: 'Europe/London', slots: [{ dayOfWeek: 1, time: '09:00' }, { dayOfWeek: 4, time: '17:30' }] },
    });
    expect(created.response.status).toBe(201);
    const schedule = created.data?.schedule;
    expect(schedule).toMatchObject({ profileId, name: 'Weekdays', timezone: 'Europe/London', isDefault: true, active: true });
    const queueId = schedule?._id ?? '';
    expect(queueId).toMatch(/^[0-9a-f]{24}$/);

    const listed = await sdk.queue.listQueueSlots({ query: { profileId } });
    expect(listed.data).toMatchObject({ exists: true, schedule: { _id: queueId } });
    const nextSlots: string[] = listed.data?.nextSlots ?? [];
    expect(nextSlots).toHaveLength(10);
    for (const slot of nextSlots) expect(slot).toMatch(ISO_UTC);
    expect(Date.parse(nextSlots[0]!)).toBeGreaterThan(Date.now() - 60_000);

    const next = await sdk.queue.getNextQueueSlot({ query: { profileId } });
    expect(next.response.status).toBe(200);
    expect(next.data).toEqual({ profileId, nextSlot: nextSlots[0], timezone: 'Europe/London', queueId, queueName: 'Weekdays' });

    const preview = await sdk.queue.previewQueue({ query: { profileId, queueId, count: 3 } });
    expect(preview.data).toEqual({ profileId, queueId, queueName: 'Weekdays', count: 3, slots: nextSlots.slice(0, 3) });

    const updated = await sdk.queue.updateQueueSlot({
      body: { profileId, queueId, timezone: 'America/New_York', slots: [{ dayOfWeek: 0, time: '02:30' }] },
    });
    expect(updated.data).toMatchObject({ success: true, isNewQueue: false, schedule: { timezone: 'America/New_York', slots: [{ dayOfWeek: 0, time: '02:30' }] } });

    const all = await sdk.queue.listQueueSlots({ query: { profileId, all: 'true' } });
    expect(all.data).toMatchObject({ count: 1, queues: [{ _id: queueId }] });

    const deleted = await sdk.queue.deleteQueueSlot({ query: { profileId, queueId } });
    expect(deleted.data).toMatchObject({ success: true, deleted: true, deletedCount: 1 });
  });

  it('surfaces an unknown time zone as ValidationError naming the field, and a missing queue as 404', async () => {
    const invalid = await failureOf(
      sdk.queue.createQueueSlot({ body: { profileId, name: 'Q', timezone: 'Mars/Base', slots: [{ dayOfWeek: 1, time: '09:00' }] } }),
    );
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).param).toBe('timezone');
    expect(Object.keys((invalid as ValidationError).fields ?? {})).toEqual(['timezone']);

    const missing = await failureOf(sdk.queue.getNextQueueSlot({ query: { profileId, queueId: 'f'.repeat(24) } }));
    expect({ status: missing.statusCode, code: missing.code, notFound: missing.isNotFound() }).toEqual({
      status: 404, code: 'QUEUE_NOT_FOUND', notFound: true,
    });
  });
});
