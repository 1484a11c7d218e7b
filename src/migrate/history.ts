import type pg from 'pg';

/** Filenames of the migrations recorded as applied, oldest first; empty before graphile-migrate's first run. */
export async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const { rows: [exists] } = await client.query<{ present: boolean }>(
    `select to_regclass('graphile_migrate.migrations') is not null as present`,
  );
  if (!exists?.present) return [];
  const { rows } = await client.query<{ filename: string }>('select filename from graphile_migrate.migrations order by filename');
  return rows.map((r) => r.filename);
}
