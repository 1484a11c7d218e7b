import type pg from 'pg';
import { UserError } from '../lib/errors.ts';
import type { CommittedFile } from './migration-file.ts';

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
export function unadoptedDatabase(tables: number, first: CommittedFile): UserError {
  return new UserError(
    `the database has no migration history but already holds ${tables} table${tables === 1 ? '' : 's'} in app_public/app_private, ` +
      `and ${first.realFilename} would drop them; nothing was run: if it was built another way, check it with \`npm run drift\` ` +
      'and record the history with `npm run migrate -- --baseline` (README, "Adopting an existing database").',
  );
}
