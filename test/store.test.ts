import { afterEach, beforeEach, expect, it } from 'vitest';
import { createStore, type Store } from '../src/store/db.js';
import { isUniqueViolation } from '../src/store/errors.js';
import { MIGRATIONS } from '../src/store/migrations/index.js';
import { insertProfile, listProfiles } from '../src/store/profiles-queries.js';
import { createTestDatabaseFor, describeEachDialect, type TestDatabase } from './helpers/dialects.js';

describeEachDialect('store', (dialect) => {
  let testDb: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    testDb = await createTestDatabaseFor(dialect);
    store = createStore(testDb.database);
  });
  afterEach(async () => {
    await store.close();
    await testDb.cleanup();
  });

  it('applies every migration once and then reports none pending', async () => {
    expect(await store.pendingMigrations()).toEqual(Object.keys(MIGRATIONS));
    expect(await store.migrate()).toEqual(Object.keys(MIGRATIONS));
    expect(await store.pendingMigrations()).toEqual([]);
    expect(await store.migrate()).toEqual([]);
  });

  it('migrates safely when two stores start at once', async () => {
    const other = createStore(testDb.database);
    try {
      const [a, b] = await Promise.all([store.migrate(), other.migrate()]);
      expect([...a, ...b].sort()).toEqual(Object.keys(MIGRATIONS));
    } finally {
      await other.close();
    }
  });

  it('round-trips epoch milliseconds and flags as numbers on both dialects', async () => {
    await store.migrate();
    const at = Date.parse('2031-05-06T07:08:09.123Z');
    await store.db.insertInto('users').values({ id: 'u'.repeat(24), email: 'e', name: 'n', role: 'owner', created_at: at }).execute();
    await insertProfile(store.db, {
      id: 'p'.repeat(24), user_id: 'u'.repeat(24), name: 'P', description: null, color: '#000000', is_default: 1, created_at: at, updated_at: at,
    });
    const [row] = await listProfiles(store.db, { userId: 'u'.repeat(24) });
    expect(row?.created_at).toBe(at);
    expect(typeof row?.created_at).toBe('number');
    expect(row?.is_default).toBe(1);
  });

  it('recognises a unique violation in this dialect', async () => {
    await store.migrate();
    const user = { id: 'u'.repeat(24), email: 'e', name: 'n', role: 'owner', created_at: 1 };
    await store.db.insertInto('users').values(user).execute();
    const error = await store.db.insertInto('users').values(user).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
  });
});
