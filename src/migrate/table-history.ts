import { existsSync, readFileSync } from 'node:fs';
import { currentMigrationPath } from '../lib/paths.ts';
import { committedMigrations } from './migration-file.ts';
import { statementWords, type SqlWord } from './sql-words.ts';

/**
 * The tables the migration history creates, in the order they first appear:
 * what fixes each table's DDL file number (src/emit/table-numbers.ts), so a
 * new table adds one file and renumbers none.
 *
 * Read from the SQL text, not the database: a dropped table keeps its place
 * (its number is never reused), and `check` sees the same history as `npm
 * start`. A careful scan of statement heads (sql-words.ts) rather than a SQL
 * parser: only `create table` and `alter table … rename to` are needed, and the
 * project's lint already requires schema-qualified names. A table created
 * some other way (by hand, `set schema`) is not listed; the numbering puts it
 * after every listed table.
 */

export interface HistoryTable {
  schema: string;
  table: string;
}

/** Texts oldest first → each schema-qualified table once, at its first `create table` (or the rename that named it). */
export function tableHistory(texts: string[]): HistoryTable[] {
  const seen = new Set<string>();
  const tables: HistoryTable[] = [];
  for (const text of texts) {
    for (const words of statementWords(text)) {
      const named = createdTable(words) ?? renamedTable(words);
      if (!named) continue;
      const key = `${named.schema}\u0000${named.table}`;
      if (seen.has(key)) continue;
      seen.add(key);
      tables.push(named);
    }
  }
  return tables;
}

/**
 * The history from migrations/committed, oldest first, then current.sql
 * when `current` is set (the dev database runs it; `check` does not).
 */
export function readTableHistory({ current }: { current: boolean }): HistoryTable[] {
  const paths = committedMigrations().map((m) => m.path);
  if (current && existsSync(currentMigrationPath)) paths.push(currentMigrationPath);
  return tableHistory(paths.map((path) => readFileSync(path, 'utf8')));
}

/** CREATE [GLOBAL|LOCAL] [UNLOGGED] TABLE [IF NOT EXISTS] schema.name; temporary tables live in no schema of ours. */
function createdTable(words: SqlWord[]): HistoryTable | undefined {
  let i = 0;
  if (!isKeyword(words[i++], 'create')) return undefined;
  if (isKeyword(words[i], 'global') || isKeyword(words[i], 'local')) i++;
  if (isKeyword(words[i], 'unlogged')) i++;
  if (!isKeyword(words[i++], 'table')) return undefined;
  if (isKeyword(words[i], 'if') && isKeyword(words[i + 1], 'not') && isKeyword(words[i + 2], 'exists')) i += 3;
  return qualifiedAt(words, i);
}

/** ALTER TABLE [IF EXISTS] [ONLY] schema.old RENAME TO new: the new name, in the old one's schema. */
function renamedTable(words: SqlWord[]): HistoryTable | undefined {
  let i = 0;
  if (!isKeyword(words[i++], 'alter') || !isKeyword(words[i++], 'table')) return undefined;
  if (isKeyword(words[i], 'if') && isKeyword(words[i + 1], 'exists')) i += 2;
  if (isKeyword(words[i], 'only')) i++;
  const old = qualifiedAt(words, i);
  const renamed = words[i + 5];
  if (!old || !isKeyword(words[i + 3], 'rename') || !isKeyword(words[i + 4], 'to') || !renamed) return undefined;
  return { schema: old.schema, table: renamed.text };
}

/** `schema . name` at index i; an unqualified name is skipped, as its schema depends on the search_path. */
function qualifiedAt(words: SqlWord[], i: number): HistoryTable | undefined {
  const [schema, dot, table] = [words[i], words[i + 1], words[i + 2]];
  if (!schema || !table || dot?.text !== '.' || dot.quoted) return undefined;
  return { schema: schema.text, table: table.text };
}

function isKeyword(word: SqlWord | undefined, keyword: string): boolean {
  return word !== undefined && !word.quoted && word.text === keyword;
}
