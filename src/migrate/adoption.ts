import type pg from 'pg';
import { _migrateMigrationSchema } from 'graphile-migrate/dist/migration.js';
import type { FileMigration } from 'graphile-migrate/dist/migration.js';
import { withAdvisoryLock, withClient, withTransaction } from 'graphile-migrate/dist/pgReal.js';
import type { ParsedSettings } from 'graphile-migrate/dist/settings.js';
import { UserError } from '../lib/errors.ts';

/**
 * A database built another way (by hand, another tool, a restored dump) has
 * the tables but no graphile-migrate history. A first migrate there would run
 * 000001, which starts by dropping app_public and app_private: it is refused,
 * and `migrate --baseline` records the history instead, once drift says the
 * database is what the migrations build.
 */

/** Tables in the schemas the first migration drops and recreates. */
export async function existingTables(client: pg.Client): Promise<number> {
  const { rows: [row] } = await client.query<{ tables: number }>(
    `select count(*)::int as tables from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('app_public', 'app_private') and c.relkind in ('r', 'p')`,
  );
  return row?.tables ?? 0;
}

/** The one line for a first migrate into a database that already has tables. */
export function unadoptedDatabase(tables: number, first: FileMigration): UserError {
  return new UserError(
    `the database has no migration history but already holds ${tables} table${tables === 1 ? '' : 's'} in app_public/app_private, ` +
      `and ${first.realFilename} would drop them; nothing was run: if it was built another way, check it with \`npm run drift\` ` +
      'and record the history with `npm run migrate -- --baseline` (README, "Adopting an existing database").',
  );
}

/**
 * Records migrations as applied without running them, in one transaction
 * under graphile-migrate's own lock. graphile-migrate has no public call for
 * this, so it is done through the pieces its migrate uses: its schema setup
 * creates graphile_migrate as it would, then each migration gets the row
 * graphile-migrate itself writes after running one (hash, previous hash,
 * recorded name), so a later migrate continues the chain as if it had.
 */
export async function recordBaseline(settings: ParsedSettings, migrations: FileMigration[]): Promise<void> {
  await withClient(settings.connectionString, settings, (client) =>
    withAdvisoryLock(client, () =>
      withTransaction(client, async () => {
        await _migrateMigrationSchema(client, settings);
        for (const migration of migrations) {
          await client.query('insert into graphile_migrate.migrations (hash, previous_hash, filename) values ($1, $2, $3)', [
            migration.hash,
            migration.previousHash,
            migration.filename,
          ]);
        }
      }),
    ),
  );
}
