import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../lib/errors.ts';
import { committedMigrationsDir, displayPath } from '../lib/paths.ts';

/**
 * graphile-migrate's committed-migration format, read by us rather than
 * through its private dist/ modules (its README documents the format):
 * `NNNNNN[-slug].sql`, `--! Key: value` header lines (Previous, Hash, Message,
 * AllowInvalidHash), one blank line, then the body it runs. Each Hash is
 * `sha1:` + sha1 of the previous hash, a new line and the trimmed body,
 * so the files form a chain.
 */
export interface CommittedFile {
  /** The file's name, e.g. "000001-some-message.sql". */
  realFilename: string;
  /** The name graphile-migrate records, e.g. "000001.sql". */
  filename: string;
  fullPath: string;
  message: string | undefined;
  hash: string;
  /** null for the first migration (`--! Previous: -`). */
  previousHash: string | null;
  /** `--! AllowInvalidHash`: the body may differ from its Hash. */
  allowInvalidHash: boolean;
  /** What runs: the text under the headers, trimmed, ending in a new line. */
  body: string;
}

/** graphile-migrate's file names: a number, optionally a dash and a slug. */
export const migrationFilename = /^([0-9]+)(-[-_a-zA-Z0-9]*)?\.sql$/;

/** The headers and the body of a migration's text; strict (committed files) demands the blank line after the headers. */
export function parseMigrationText(path: string, text: string, strict = true): { headers: Record<string, string | null>; body: string } {
  const lines = text.split('\n');
  const headers: Record<string, string | null> = {};
  let count = 0;
  for (const line of lines) {
    const match = /^--! ([A-Z][a-zA-Z0-9_]*)(?::(.*))?$/.exec(line);
    if (!match) break;
    const [, key = '', value] = match;
    if (key in headers) throw new UserError(`${displayPath(path)} has the header ${key} twice; restore the file from git.`);
    headers[key] = value?.trim() || null;
    count++;
  }
  if (strict && lines[count] !== '') throw new UserError(`${displayPath(path)} needs a blank line after its --! headers; restore the file from git.`);
  return { headers, body: `${lines.slice(count).join('\n').trim()}\n` };
}

/** The Hash a body gets after the migration whose hash is previousHash. */
export function migrationHash(body: string, previousHash: string | null): string {
  const text = `${`${previousHash ?? ''}\n${body.trim()}`.trim()}\n`;
  return `sha1:${createHash('sha1').update(text).digest('hex')}`;
}

/** True when the body's first line is `--! no-transaction`: graphile-migrate then runs it outside a transaction. */
export function isNoTransaction(body: string): boolean {
  return /^--!\s*no-transaction\b/.test(body.split('\n', 1)[0] ?? '');
}

/** A committed migration as a file: its name, its path and the name graphile-migrate records it by. */
export interface CommittedMigration {
  /** The file in migrations/committed/, e.g. "000001-some-message.sql". */
  file: string;
  path: string;
  /** The name graphile_migrate.migrations records, e.g. "000001.sql". */
  recordedAs: string;
}

/**
 * The one listing of migrations/committed/: every file graphile-migrate
 * would run, oldest first. Names only; readCommittedFiles reads and checks them.
 */
export function committedMigrations(dir = committedMigrationsDir): CommittedMigration[] {
  return readdirSync(dir)
    .filter((file) => migrationFilename.test(file))
    .sort()
    .map((file) => ({ file, path: join(dir, file), recordedAs: recordedName(file) }));
}

/** graphile-migrate records "000001-some-message.sql" as "000001.sql". */
function recordedName(file: string): string {
  return `${migrationFilename.exec(file)?.[1] ?? ''}.sql`;
}

/** Every committed migration, oldest first, each following the one before it (refused, naming the file, when one does not). */
export function readCommittedFiles(dir = committedMigrationsDir): CommittedFile[] {
  const files = committedMigrations(dir).map(readCommittedFile);
  files.forEach((file, i) => {
    const expected = files[i - 1]?.hash ?? null;
    if (file.previousHash !== expected) {
      throw new UserError(
        `${displayPath(file.fullPath)} follows ${file.previousHash ?? 'no migration'}, but the migration before it is ${expected ?? 'none'}; ` +
          'committed migrations must form one chain: restore them from git.',
      );
    }
  });
  return files;
}

function readCommittedFile({ file: realFilename, path: fullPath, recordedAs }: CommittedMigration): CommittedFile {
  const { headers, body } = parseMigrationText(fullPath, readFileSync(fullPath, 'utf8'));
  const previous = headers.Previous;
  const hash = headers.Hash;
  if (!previous || !hash) throw new UserError(`${displayPath(fullPath)} lacks its --! ${previous ? 'Hash' : 'Previous'} header; restore the file from git.`);
  return {
    realFilename,
    filename: recordedAs,
    fullPath,
    message: headers.Message ?? undefined,
    hash,
    previousHash: previous === '-' ? null : previous,
    allowInvalidHash: 'AllowInvalidHash' in headers,
    body,
  };
}
