import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { currentMigrationPath } from '../lib/paths.ts';
import { committedMigrations } from './migration-file.ts';

/**
 * The committed file behind a recorded name (the recorded name itself if the
 * file is gone): graphile-migrate records "000001.sql", people should see the file name.
 */
export function migrationFile(recordedAs: string, committed = committedMigrations()): string {
  return committed.find((m) => m.recordedAs === recordedAs)?.file ?? recordedAs;
}

/** A row of graphile_migrate.migrations. */
export interface AppliedMigration {
  /** The recorded name, e.g. "000001.sql". */
  filename: string;
  hash: string;
  previousHash: string | null;
}

/** The migrations applied to a database, oldest first; empty before graphile-migrate's first run. Reads only. */
export async function appliedRecords(client: pg.Client): Promise<AppliedMigration[]> {
  const { rows: [exists] } = await client.query<{ present: boolean }>(
    `select to_regclass('graphile_migrate.migrations') is not null as present`,
  );
  if (!exists?.present) return [];
  const { rows } = await client.query<AppliedMigration>(
    'select filename, hash, previous_hash as "previousHash" from graphile_migrate.migrations order by filename',
  );
  return rows;
}

/** Recorded names of the migrations applied to a database, oldest first. */
export async function appliedMigrations(client: pg.Client): Promise<string[]> {
  return (await appliedRecords(client)).map((r) => r.filename);
}

/** True when current.sql holds more than comments and whitespace. */
export function currentHasWork(): boolean {
  let text: string;
  try {
    text = readFileSync(currentMigrationPath, 'utf8');
  } catch {
    return false;
  }
  return text.split('\n').some((line) => {
    const code = line.replace(/--.*$/, '').trim();
    return code !== '';
  });
}
