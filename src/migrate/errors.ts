import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { committedMigrationsDir, currentMigrationPath, repoRoot } from '../lib/paths.ts';

/**
 * One line for an error raised while running a migration:
 * `migrations/current.sql:12: syntax error at or near "tabel" (42601) in: creat tabel foo (`.
 * graphile-migrate runs the body without its header, so the line is shifted back onto the file.
 */
export function describeMigrationError(error: unknown): string {
  const e = error as { message?: string; code?: string; position?: string; _gmMessageOverride?: string };
  const message = e.message ?? String(error);
  const where = /line (\d+), column \d+ of "([^"]+)"/.exec(stripAnsi(e._gmMessageOverride ?? ''));
  if (!where) return message.split('\n')[0] ?? message;
  const [, bodyLine = '1', filename = ''] = where;
  const isCurrent = filename === 'current.sql';
  const file = isCurrent ? currentMigrationPath : join(committedMigrationsDir, filename);
  const text = readOrEmpty(file);
  // current.sql runs whole; a committed file runs without its header.
  const line = Number(bodyLine) + (isCurrent ? 0 : headerLineCount(text));
  const statement = (text.split('\n')[line - 1] ?? '').trim();
  const code = e.code ? ` (${e.code})` : '';
  return `${relative(repoRoot, file)}:${line}: ${message}${code}${statement ? ` in: ${statement}` : ''}`;
}

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
