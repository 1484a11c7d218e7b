import { catalogFingerprint, diffFingerprints } from '../src/introspect/fingerprint.ts';
import { withoutKeysAndIndexes } from '../src/seed/bulk.ts';
import { loadSeed } from '../src/seed/load.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';

/**
 * The seed drops app_public's foreign keys and plain indexes for its load and
 * re-creates them (src/seed/bulk.ts): the schema must come out identical, and
 * a row that breaks a key must still be refused, by the key's name.
 */

let db: ScratchDatabase;
beforeAll(async () => {
  db = await createMigratedDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('a seed leaves the catalog fingerprint unchanged: every key and index back, with its name and comment', async () => {
  const before = await catalogFingerprint(db.client);
  const result = await loadSeed(db.client, { seed: 1, scale: 5_000, anchor: new Date('2026-12-01T00:00:00Z') });
  const after = await catalogFingerprint(db.client);
  expect(diffFingerprints(before, after)).toEqual([]);
  // The load happened and the fingerprint covers the keys it dropped.
  expect(result.rows.get('app_public.usage_logs')).toBe(5_000);
  expect(before).toContain('constraint sessions_user_id_fkey');
  expect(before).toContain('index sessions_user_id_idx');
});

test('a loaded row whose parent is missing fails the re-created foreign key by name, and the rollback restores the schema', async () => {
  const before = await catalogFingerprint(db.client);
  await db.client.query('begin');
  const load = withoutKeysAndIndexes(db.client, () =>
    db.client.query(`insert into app_public.sessions (user_id, device_info, ip_address, expires_at)
                     values (gen_random_uuid(), 'orphan', '127.0.0.1', now() + interval '1 day')`),
  );
  await expect(load).rejects.toThrow('violates foreign key constraint "sessions_user_id_fkey"');
  await db.client.query('rollback');
  expect(diffFingerprints(before, await catalogFingerprint(db.client))).toEqual([]);
});
