import { catalogFingerprint, diffFingerprints } from '../src/introspect/fingerprint.ts';
import { committedMigrationsDir } from '../src/lib/paths.ts';
import { committedMigrationBodies, createEmptyDatabase, type CommittedMigrationBody } from './helpers/database.ts';

/**
 * Every committed migration must survive a second run unchanged (docs/conventions.md:
 * current.sql is re-run on every save, and a committed one may be re-applied
 * by hand). For each migration, in order, on a fresh database: apply the
 * bodies before it, then its body, fingerprint; run its body again,
 * fingerprint again; the two must be identical.
 */

const migrations = committedMigrationBodies();

describe('committed migrations are idempotent', () => {
  if (migrations.length === 0) {
    process.stderr.write(`skipping the idempotency check: no committed migrations in ${committedMigrationsDir}\n`);
    test.skip('no committed migration to check', () => undefined);
    return;
  }

  test.each(migrations.map((m, i) => [m.file, i] as const))('%s gives the same fingerprint when run twice', async (_file, index) => {
    const db = await createEmptyDatabase();
    try {
      for (const earlier of migrations.slice(0, index)) await db.client.query(earlier.body);
      const migration = migrations[index] as CommittedMigrationBody;
      await db.client.query(migration.body);
      const once = await catalogFingerprint(db.client);
      await db.client.query(migration.body);
      const twice = await catalogFingerprint(db.client);
      expect(diffFingerprints(once, twice)).toEqual([]);
      expect(twice).toBe(once);
      // Something was built: an empty fingerprint would pass vacuously.
      expect(once).not.toBe('');
    } finally {
      await db.drop();
    }
  });
});
