import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabaseFor, describeEachDialect, type TestDatabase } from '../../test/helpers/dialects.js';
import { createStore, type Store } from './db.js';
import { isUniqueViolation } from './errors.js';
import { prepareQuery } from './prepared-query.js';
import type { ProfileRow } from './profiles-queries.js';

const USER = 'a'.repeat(24);

function profile(id: string, name: string): ProfileRow {
  return { id, user_id: USER, name, description: null, color: '#000000', is_default: 0, requires_approval: 0, created_at: 1, updated_at: 1 };
}

const byUser = prepareQuery((db, p: { userId: string }) =>
  db.selectFrom('profiles').selectAll().where('user_id', '=', p.userId).orderBy('id'),
);
const insert = prepareQuery((db, p: ProfileRow) =>
  db.insertInto('profiles').values({
    id: p.id,
    user_id: p.user_id,
    name: p.name,
    description: p.description,
    color: p.color,
    is_default: p.is_default,
    created_at: p.created_at,
    updated_at: p.updated_at,
  }),
);
const rename = prepareQuery((db, p: { id: string; name: string }) => db.updateTable('profiles').set({ name: p.name }).where('id', '=', p.id));

describeEachDialect('prepared queries', (dialect) => {
  let testDb: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    testDb = await createTestDatabaseFor(dialect);
    store = createStore(testDb.database);
    await store.migrate();
    await store.db.insertInto('users').values({ id: USER, email: 'e', name: 'n', role: 'owner', created_at: 1 }).execute();
  });
  afterEach(async () => {
    await store.close();
    await testDb.cleanup();
  });

  it('answers the rows the same query built per call answers, bound to each call’s values', async () => {
    await insert.run(store.db, profile('1'.repeat(24), 'one'));
    await insert.run(store.db, profile('2'.repeat(24), 'two'));
    const built = await store.db.selectFrom('profiles').selectAll().where('user_id', '=', USER).orderBy('id').execute();
    expect(await byUser.all(store.db, { userId: USER })).toEqual(built);
    expect(await byUser.first(store.db, { userId: USER })).toEqual(built[0]);
    expect(await byUser.all(store.db, { userId: 'b'.repeat(24) })).toEqual([]);
    expect(await byUser.first(store.db, { userId: 'b'.repeat(24) })).toBeUndefined();
    expect(await rename.run(store.db, { id: '1'.repeat(24), name: 'uno' })).toBe(1);
    expect(await rename.run(store.db, { id: '9'.repeat(24), name: 'none' })).toBe(0);
  });

  it('raises the driver’s own constraint errors', async () => {
    await insert.run(store.db, profile('1'.repeat(24), 'same'));
    const error = await insert.run(store.db, profile('2'.repeat(24), 'same')).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('joins a transaction it is given, and stays out of one it is not given', async () => {
    let seenOutside: Promise<ProfileRow[]> | undefined;
    const rolledBack = store.db.transaction().execute(async (trx) => {
      await insert.run(trx, profile('1'.repeat(24), 'uncommitted'));
      expect(await byUser.all(trx, { userId: USER })).toHaveLength(1);
      // Called on the store while the transaction is open: it must not read the transaction's uncommitted row.
      seenOutside = byUser.all(store.db, { userId: USER });
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await seenOutside).toEqual([]);
    expect(await byUser.all(store.db, { userId: USER })).toEqual([]);
  });

  it('writes a batch in one transaction, all rows or none', async () => {
    await insert.runBatch(store.db, [profile('1'.repeat(24), 'one'), profile('2'.repeat(24), 'two')], async () => {
      await store.db.insertInto('profiles').values([profile('1'.repeat(24), 'one'), profile('2'.repeat(24), 'two')]).execute();
    });
    expect((await byUser.all(store.db, { userId: USER })).map((row) => row.name)).toEqual(['one', 'two']);
    const duplicate = [profile('3'.repeat(24), 'three'), profile('4'.repeat(24), 'one')];
    const failed = insert.runBatch(store.db, duplicate, async () => {
      await store.db.insertInto('profiles').values(duplicate).execute();
    });
    await expect(failed).rejects.toSatisfy(isUniqueViolation);
    expect((await byUser.all(store.db, { userId: USER })).map((row) => row.name)).toEqual(['one', 'two']);
  });
});
