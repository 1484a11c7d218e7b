import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withClient } from '../../src/db/client.ts';
import { repoRoot } from '../../src/lib/paths.ts';
import { committedMigrations, migrationHash, parseMigrationText } from '../../src/migrate/migration-file.ts';

/** The committed files of a migrations folder, oldest first. */
export function committedFiles(migrationsDir: string): string[] {
  return committedMigrations(join(migrationsDir, 'committed')).map((m) => m.file);
}

/** The number the next committed migration gets after the checkout's own, e.g. "000003". */
export function nextMigrationNumber(): string {
  return String(committedFiles(join(repoRoot, 'migrations')).length + 1).padStart(6, '0');
}

/** The hash a committed file declares in its `--! Hash:` header. */
export function declaredHash(path: string): string {
  const hash = parseMigrationText(path, readFileSync(path, 'utf8')).headers.Hash;
  if (!hash) throw new Error(`${path} has no Hash header`);
  return hash;
}

/**
 * Appends a valid committed migration to a copy of the migrations, as
 * `graphile-migrate commit` would write it: the next number and the message
 * slug, headers chained on the latest file's hash, a blank line, then the
 * body. Returns the new file's name.
 */
export function appendCommittedMigration(migrationsDir: string, message: string, body: string): string {
  const files = committedFiles(migrationsDir);
  const latest = files.at(-1);
  const previous = latest ? declaredHash(join(migrationsDir, 'committed', latest)) : null;
  const number = latest ? Number(latest.slice(0, 6)) + 1 : 1;
  const slug = message.toLowerCase().replace(/[^a-z0-9_]+/g, '-').replace(/(^-+|-+$)/g, '');
  const file = `${String(number).padStart(6, '0')}-${slug}.sql`;
  const headers = `--! Previous: ${previous ?? '-'}\n--! Hash: ${migrationHash(body, previous)}\n--! Message: ${message}`;
  writeFileSync(join(migrationsDir, 'committed', file), `${headers}\n\n${body.trim()}\n`);
  return file;
}

/**
 * Runs fn while another session holds the advisory lock `key` on the database
 * at url, as a concurrent deploy would; fn gets that session's backend pid.
 */
export async function whileLockHeld<T>(url: string, key: string, fn: (pid: number) => Promise<T>): Promise<T> {
  return withClient(url, async (holder) => {
    const { rows } = await holder.query<{ pid: number }>('select pg_backend_pid() as pid, pg_advisory_lock($1)', [key]);
    return fn(rows[0]?.pid ?? 0);
  });
}
