import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import * as graphileMigrate from 'graphile-migrate';
import { Logger, type Settings } from 'graphile-migrate';
// Exception 1 of 2 (see closePools): the one private module this adapter imports.
import { clearAllPools } from 'graphile-migrate/dist/pgReal.js';
import { advisoryLockHolder } from '../db/advisory.ts';
import { describeSession } from '../db/sessions.ts';
import type { CommittedFile } from './migration-file.ts';

/**
 * The graphile-migrate adapter: the only module that imports graphile-migrate
 * (test/migrate-adapter.test.ts fails on any other). Everything else runs
 * migrations through these calls, which use its public exports (the same in
 * 1.4 and 2.0: migrate, watch, commit, uncommit, reset, run, Logger). The
 * committed-file format is read by src/migrate/migration-file.ts. Two things
 * have no public call, and are the exceptions below, each saying why.
 */

export type { Settings };

/** What graphile-migrate logs: level, first line of the text, and the error it carries (a logged error has one in meta). */
export type MigrateLog = (level: 'error' | 'warning' | 'info', message: string, error?: unknown) => void;

/** A graphile-migrate logger that hands each entry to write; debug entries are dropped. */
export function migrateLogger(write: MigrateLog): Logger {
  return new Logger(() => (level, message, meta) => {
    if (level === 'debug') return;
    write(level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'info', message, (meta as { error?: unknown } | undefined)?.error);
  });
}

/** Applies the committed migrations not applied yet, each in its own transaction. */
export function migrate(settings: Settings): Promise<void> {
  return graphileMigrate.migrate(settings);
}

/** Applies pending committed migrations, then runs current.sql once (graphile-migrate's `watch --once`). */
export function applyCurrentOnce(settings: Settings): Promise<void> {
  return graphileMigrate.watch(settings, true);
}

/** As applyCurrentOnce, then re-runs current.sql on every save until the process ends (graphile-migrate's own watcher). */
export function watchCurrent(settings: Settings): Promise<void> {
  return graphileMigrate.watch(settings, false);
}

/**
 * Runs the given current.sql text on the main database as one query (so
 * PostgreSQL runs it as one implicit transaction), its placeholders replaced,
 * with graphile-migrate's error positions. Unlike applyCurrentOnce it neither
 * migrates first nor compares with graphile_migrate.current: the dev loop
 * decides itself when the file changed (src/dev/cycle.ts).
 */
export async function runCurrentText(settings: Settings, text: string): Promise<void> {
  await graphileMigrate.run(settings, text, 'current.sql');
}

export function commit(settings: Settings, message?: string): Promise<void> {
  return graphileMigrate.commit(settings, message);
}

export function uncommit(settings: Settings): Promise<void> {
  return graphileMigrate.uncommit(settings);
}

/** Drops and recreates the main (or shadow) database and applies every committed migration. */
export function reset(settings: Settings, shadow: boolean): Promise<void> {
  return graphileMigrate.reset(settings, shadow);
}

/**
 * Exception 1: graphile-migrate keeps a pg pool per connection string and
 * exports no way to close them; they must be closed before the embedded
 * server stops, or their idle clients see the shutdown as an error and
 * graphile-migrate exits the process. 2.0 keeps the same clearAllPools in
 * dist/pgReal.js, also unexported from its index.
 */
export function closePools(): void {
  clearAllPools();
}

/** graphile-migrate's own advisory lock key ("GRAPHILE MIGRATE" on a phone keypad), which its migrate try-locks. */
export const GRAPHILE_MIGRATE_LOCK_KEY = '4727445306447283';

/**
 * The session holding graphile-migrate's own lock on the database at url, as
 * "cfdb watch (pid 12) (backend pid 34)", or undefined when it is free: how a
 * failed migrate is recognised as one that lost the try-lock, by asking the
 * server rather than reading graphile-migrate's message.
 */
export async function migrateLockHolder(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const holder = await advisoryLockHolder(client, GRAPHILE_MIGRATE_LOCK_KEY);
    return holder && describeSession(holder);
  } finally {
    await client.end();
  }
}

/**
 * Exception 2: records committed migrations as applied without running them
 * (`migrate --baseline`). Neither 1.4 nor 2.0 has a public call for this.
 * graphile-migrate's public migrate, given a folder with no committed
 * migration, first creates its graphile_migrate schema exactly as it would
 * (so no private schema setup is imported); then, in one transaction under
 * its advisory lock, each migration gets the row graphile-migrate itself
 * writes after running one (hash, previous hash, recorded name) in the
 * documented graphile_migrate.migrations table, so a later migrate continues
 * the chain as if it had run them.
 */
export async function recordAsApplied(settings: Settings, files: CommittedFile[]): Promise<void> {
  const empty = mkdtempSync(join(tmpdir(), 'cfdb-baseline-'));
  try {
    await migrate({ ...settings, migrationsFolder: empty });
  } finally {
    closePools();
    rmSync(empty, { recursive: true, force: true });
  }
  const client = new pg.Client({ connectionString: settings.connectionString });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [GRAPHILE_MIGRATE_LOCK_KEY]);
    for (const file of files) {
      await client.query('insert into graphile_migrate.migrations (hash, previous_hash, filename) values ($1, $2, $3)', [file.hash, file.previousHash, file.filename]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Where in the file graphile-migrate ran a database error arose: the 1-based
 * line of the executed body and the recorded file name ("current.sql",
 * "000002.sql"). The one place its wording is read: it turns PostgreSQL's
 * character position into "line N, column M of "file"" only in the text it
 * attaches to the error (`_gmMessageOverride`, the same in 2.0), and keeps no
 * structured copy.
 */
export function errorPosition(error: unknown): { line: number; filename: string } | undefined {
  const text = (error as { _gmMessageOverride?: unknown } | undefined)?._gmMessageOverride;
  // eslint-disable-next-line no-control-regex
  const match = typeof text === 'string' ? /line (\d+), column \d+ of "([^"]+)"/.exec(text.replace(/\u001b\[[0-9;]*m/g, '')) : null;
  return match ? { line: Number(match[1]), filename: match[2] ?? '' } : undefined;
}
