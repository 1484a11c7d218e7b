import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { committedMigrationsDir, currentMigrationPath, displayPath } from '../lib/paths.ts';

/** SQLSTATEs of "already exists": the usual sign of a migration that is not re-runnable. */
const alreadyExists = new Set(['42P07', '42701', '42710', '42P06', '42723', '42P16']);

/**
 * One line for an error raised while running a migration:
 * `migrations/current.sql:12: syntax error at or near "tabel" (42601) in: creat tabel foo (`.
 * graphile-migrate runs the body without its header, so the line is shifted back onto the file.
 */
export function describeMigrationError(error: unknown): string | undefined {
  const e = error as { message?: string; code?: string; _gmMessageOverride?: string };
  const where = /line (\d+), column \d+ of "([^"]+)"/.exec(stripAnsi(e._gmMessageOverride ?? ''));
  if (!where) {
    return e.code && alreadyExists.has(e.code) ? `${e.message} (${e.code}); ${rerunHint}` : undefined;
  }
  const message = e.message ?? String(error);
  const [, bodyLine = '1', filename = ''] = where;
  const isCurrent = filename === 'current.sql';
  const file = isCurrent ? currentMigrationPath : join(committedMigrationsDir, filename);
  const text = readOrEmpty(file);
  // current.sql runs whole; a committed file runs without its header.
  const line = Number(bodyLine) + (isCurrent ? 0 : headerLineCount(text));
  const statement = (text.split('\n')[line - 1] ?? '').trim();
  const code = e.code ? ` (${e.code})` : '';
  const hint = e.code && alreadyExists.has(e.code) ? `; ${rerunHint}` : '';
  return `${displayPath(file)}:${line}: ${message}${code}${statement ? ` in: ${statement}` : ''}${hint}`;
}

const rerunHint = 'migrations run again on every save and commit, so drop what the file creates (if exists) before creating it';

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Committed files start with `--! Key: value` headers and a blank line that the executed body omits. */
function headerLineCount(text: string): number {
  const lines = text.split('\n');
  let count = 0;
  while (count < lines.length && /^--! [A-Z]/.test(lines[count] ?? '')) count++;
  return count > 0 ? count + 1 : 0;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
