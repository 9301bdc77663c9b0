import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { findNextFreeSlot, findNextFreeSlots } from '../src/core/queue/find-next-free-slot.js';
import type { TakenSlotsCheck } from '../src/core/queue/taken-slots-check.js';
import { AppError } from '../src/errors.js';
import { findDefaultProfile } from '../src/store/profiles-queries.js';
import { insertQueue, replaceQueueSlots } from '../src/store/queue-queries.js';
import type { Database } from '../src/store/schema.js';
import { OWNER_USER_ID } from '../src/core/instance/ensure-instance.js';
import { createTestContext, type TestContext } from './helpers/context.js';
import { describeEachDialect } from './helpers/dialects.js';

/*
 * findNextFreeSlot as a caller that stores its own claims uses it: inside its transaction, with its own "taken"
 * check reading a real table, on both dialects.
 */

const MONDAY_0900_NY = Date.parse('2026-03-02T14:00:00Z');

/** Reads the claims table through the handle it is given (the caller's transaction). */
const takenByClaims: TakenSlotsCheck = async (db, { queue, instants }) => {
  const rows = await sql<{ slot_at: number }>`select slot_at from test_claims where queue_id = ${queue.id} and slot_at in (${sql.join(instants)})`.execute(db);
  return rows.rows.map((row) => Number(row.slot_at));
};

async function errorOf(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describeEachDialect('findNextFreeSlot', (dialect) => {
  let t: TestContext;
  let profileId: string;
  let queueId: string;
  beforeEach(async () => {
    t = await createTestContext(dialect);
    profileId = (await findDefaultProfile(t.ctx.db, OWNER_USER_ID))!.id;
    queueId = t.ctx.ids.next();
    const now = t.clock.now();
    await insertQueue(t.ctx.db, {
      id: queueId, profile_id: profileId, name: 'Weekly', timezone: 'America/New_York', active: 1, is_default: 1, created_at: now, updated_at: now,
    });
    await replaceQueueSlots(t.ctx.db, queueId, [{ dayOfWeek: 1, time: '09:00' }]);
    await sql`create table test_claims (queue_id text not null, slot_at bigint not null, unique (queue_id, slot_at))`.execute(t.ctx.db);
  });
  afterEach(async () => t.close());

  const claim = (db: Kysely<Database>, instant: number) => sql`insert into test_claims (queue_id, slot_at) values (${queueId}, ${instant})`.execute(db);

  it('skips instants the callback reports taken, asking in increasing batches on the caller\'s handle', async () => {
    await claim(t.ctx.db, MONDAY_0900_NY);
    await claim(t.ctx.db, Date.parse('2026-03-16T13:00:00Z'));
    const batches: number[][] = [];
    const result = await t.ctx.db.transaction().execute(async (trx) =>
      findNextFreeSlots(trx, { profileId, after: t.clock.now(), count: 3 }, async (db, request) => {
        expect(db).toBe(trx);
        batches.push([...request.instants]);
        return takenByClaims(db, request);
      }),
    );
    // 9 March onwards is EDT: 13:00 UTC.
    expect(result.instants.map((i) => new Date(i).toISOString())).toEqual([
      '2026-03-09T13:00:00.000Z', '2026-03-23T13:00:00.000Z', '2026-03-30T13:00:00.000Z',
    ]);
    expect(result.queue.id).toBe(queueId);
    for (const batch of batches) expect(batch).toEqual([...batch].sort((a, b) => a - b));
    expect(batches[0]![0]).toBe(MONDAY_0900_NY);
  });

  it('gives concurrent claimers distinct slots when each claims inside its transaction', async () => {
    const lock = dialect === 'postgres';
    const claimNext = () =>
      t.ctx.db.transaction().execute(async (trx) => {
        const { instant } = await findNextFreeSlot(trx, { profileId, queueId, after: t.clock.now(), lock }, takenByClaims);
        await claim(trx, instant);
        return instant;
      });
    const instants = await Promise.all([claimNext(), claimNext(), claimNext(), claimNext()]);
    expect([...instants].sort((a, b) => a - b)).toEqual([
      MONDAY_0900_NY, Date.parse('2026-03-09T13:00:00Z'), Date.parse('2026-03-16T13:00:00Z'), Date.parse('2026-03-23T13:00:00Z'),
    ]);
  });

  it('refuses a missing, foreign or paused queue, and a queue with no free slot', async () => {
    const missing = await errorOf(findNextFreeSlot(t.ctx.db, { profileId, queueId: 'c'.repeat(24), after: 0 }, takenByClaims));
    expect([missing.code, missing.param]).toEqual(['QUEUE_NOT_FOUND', 'queueId']);
    const noDefault = await errorOf(findNextFreeSlot(t.ctx.db, { profileId: 'd'.repeat(24), after: 0 }, takenByClaims));
    expect([noDefault.code, noDefault.param]).toEqual(['QUEUE_NOT_FOUND', 'profileId']);

    const full = await errorOf(findNextFreeSlot(t.ctx.db, { profileId, after: t.clock.now() }, async (_db, { instants }) => instants));
    expect(full.code).toBe('QUEUE_NO_FREE_SLOT');

    await t.ctx.db.updateTable('queues').set({ active: 0 }).where('id', '=', queueId).execute();
    const paused = await errorOf(findNextFreeSlot(t.ctx.db, { profileId, after: 0 }, takenByClaims));
    expect(paused.code).toBe('QUEUE_INACTIVE');
  });
});
