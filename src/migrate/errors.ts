import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { committedMigrationsDir, currentMigrationPath, displayPath } from '../lib/paths.ts';
import { UserError } from '../lib/errors.ts';
import { errorPosition } from './graphile.ts';
import { migrationFile } from './history.ts';
import { locateByName } from './locate.ts';

/** SQLSTATEs of "already exists": the usual sign of a migration that is not re-runnable. */
const alreadyExists = new Set(['42P07', '42701', '42710', '42P06', '42723', '42P16']);

/**
 * One line for an error raised while running a migration:
 * `migrations/current.sql:12: syntax error at or near "tabel" (42601) in: creat tabel foo (`.
 * graphile-migrate runs the body without its header, so the line is shifted back onto the file.
 * PostgreSQL gives no position for some errors (a failed constraint, "already exists", "does not
 * exist"); then the line is found by the names in the error (src/migrate/locate.ts) in runningFile,
 * the file the caller knows was running, and the file alone is named when no line names them.
 * Without a runningFile such an error is its message and SQLSTATE, and anything that is not a
 * database error gives undefined.
 */
export function describeMigrationError(error: unknown, runningFile?: string): string | undefined {
  const e = error as { message?: string; code?: string; table?: string; column?: string; constraint?: string };
  const message = e.message ?? String(error);
  const code = e.code ? ` (${e.code})` : '';
  const where = errorPosition(error);
  if (!where) {
    if (!runningFile) return isDatabaseError(error) ? `${message}${code}${e.code && alreadyExists.has(e.code) ? `; ${rerunHint}` : ''}` : undefined;
    const found = isDatabaseError(error) ? locateByName(readOrEmpty(runningFile), { ...e, message }, alreadyExists.has(e.code ?? '')) : undefined;
    const hint = runningFile === currentMigrationPath && e.code && alreadyExists.has(e.code) ? `; ${rerunHint}` : '';
    if (!found) return `${displayPath(runningFile)}: ${message}${code}${hint}`;
    return `${displayPath(runningFile)}:${found.line}: ${message}${code} in: ${found.statement}${hint}`;
  }
  const { line: bodyLine, filename } = where;
  const isCurrent = filename === 'current.sql';
  // A committed migration is named by its recorded name ("000002.sql"); the file has the message in its name.
  const file = isCurrent ? currentMigrationPath : join(committedMigrationsDir, migrationFile(filename));
  const text = readOrEmpty(file);
  // current.sql runs whole; a committed file runs without its header.
  const line = bodyLine + (isCurrent ? 0 : bodyOffset(text));
  const statement = (text.split('\n')[line - 1] ?? '').trim();
  // The re-run advice is for current.sql, which runs on every save; a committed file runs once.
  const hint = isCurrent && e.code && alreadyExists.has(e.code) ? `; ${rerunHint}` : '';
  return `${displayPath(file)}:${line}: ${message}${code}${statement ? ` in: ${statement}` : ''}${hint}`;
}

/**
 * The error of a graphile-migrate call that ran current.sql (watch, commit,
 * uncommit): a database error becomes one line with current.sql's file:line and
 * SQLSTATE; anything else is passed on as it is.
 */
export function currentSqlFailure(error: unknown): unknown {
  return isDatabaseError(error) ? new UserError(describeMigrationError(error, currentMigrationPath) ?? '', { cause: error }) : error;
}

/** An error PostgreSQL sent (it has a severity and a SQLSTATE), as opposed to one of the client's own. */
export function isDatabaseError(error: unknown): boolean {
  const e = error as { severity?: unknown; code?: unknown } | undefined;
  return typeof e?.severity === 'string' && typeof e.code === 'string';
}

const rerunHint = 'migrations run again on every save and commit, so drop what the file creates (if exists) before creating it';

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Lines of a committed file before its executed body: graphile-migrate drops the
 * `--! Key: value` headers and trims the rest, so the body starts at the first
 * line after the headers that is not blank.
 */
function bodyOffset(text: string): number {
  const lines = text.split('\n');
  let offset = 0;
  while (offset < lines.length && /^--! [A-Z]/.test(lines[offset] ?? '')) offset++;
  while (offset < lines.length && (lines[offset] ?? '').trim() === '') offset++;
  return offset;
}
