import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogFingerprint } from '../src/introspect/fingerprint.ts';
import { cliEnv, copyMigrations, failureLines, runCliInProcess, type CliResult } from './helpers/cli.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { appendCommittedMigration, committedFiles } from './helpers/migrations.ts';

/**
 * All or nothing: graphile-migrate runs each committed migration in its own
 * transaction, so one that fails halfway leaves no trace (same fingerprint, no
 * row in graphile_migrate.migrations), and the error names the file, the line
 * and the statement. Earlier migrations of the same run stay applied, and the
 * message says which.
 */

const failingInsert = 'insert into app_public.no_such_table values (1);';

describe('a migration that fails halfway', () => {
  let db: ScratchDatabase;
  let dir: string;
  const path = (file: string): string => join(dir, 'committed', file);

  /** What graphile_migrate.migrations records for the checkout's committed migrations, all applied. */
  let committedBefore: string[];

  beforeEach(async () => {
    db = await createMigratedDatabase();
    dir = copyMigrations();
    committedBefore = committedFiles(dir).map((f) => `${f.slice(0, 6)}.sql`);
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function recordedNames(): Promise<string[]> {
    const { rows } = await db.client.query<{ filename: string }>('select filename from graphile_migrate.migrations order by filename');
    return rows.map((r) => r.filename);
  }

  async function tableExists(name: string): Promise<boolean> {
    const { rows } = await db.client.query('select to_regclass($1) is not null as present', [name]);
    return rows[0].present;
  }

  async function migrate(): Promise<CliResult> {
    return runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
  }

  test('leaves the database exactly as it was, and names file, line and statement', async () => {
    const file = appendCommittedMigration(
      dir,
      'fails halfway',
      `-- the first statement works, the second fails\ncreate table app_public.half_applied (id int);\n${failingInsert}\n`,
    );
    // A second blank line after the headers: graphile-migrate trims it from the body it runs, and the line must still be right.
    writeFileSync(path(file), readFileSync(path(file), 'utf8').replace('\n\n', '\n\n\n'));
    const lines = readFileSync(path(file), 'utf8').split('\n');
    const line = lines.indexOf(failingInsert) + 1;
    expect(line).toBe(8);
    const before = await catalogFingerprint(db.client, ['app_public', 'app_private', 'public']);
    const rowsBefore = await recordedNames();

    const result = await migrate();

    expect(failureLines(result)).toEqual([
      `cfdb migrate failed: ${path(file)}:${line}: relation "app_public.no_such_table" does not exist (42P01) in: ${failingInsert}; ` +
        `${file} was rolled back; nothing else was applied; fix the cause and run migrate again.`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(await catalogFingerprint(db.client, ['app_public', 'app_private', 'public'])).toBe(before);
    expect(await recordedNames()).toEqual(rowsBefore);
    expect(await tableExists('app_public.half_applied')).toBe(false);
  });

  test('an error PostgreSQL gives no position for still names the file', async () => {
    const file = appendCommittedMigration(dir, 'divides by zero', 'create table app_public.half_applied (id int);\nselect 1 / 0;\n');
    const before = await catalogFingerprint(db.client);

    const result = await migrate();

    expect(failureLines(result)).toEqual([
      `cfdb migrate failed: ${path(file)}: division by zero (22012); ${file} was rolled back; nothing else was applied; fix the cause and run migrate again.`,
    ]);
    expect(result.code).toBe(1);
    expect(await catalogFingerprint(db.client)).toBe(before);
    expect(await recordedNames()).toEqual(committedBefore);
  });

  test('of three pending migrations, the second fails: the first stays applied, the third never runs, and the message says so', async () => {
    const second = appendCommittedMigration(dir, 'second works', 'create table app_public.second_works (id int);\n');
    const third = appendCommittedMigration(dir, 'third fails', `create table app_public.third_half (id int);\n${failingInsert}\n`);
    const fourth = appendCommittedMigration(dir, 'fourth never runs', 'create table app_public.fourth_never (id int);\n');
    expect(committedFiles(dir).slice(-3)).toEqual([second, third, fourth]);

    const result = await migrate();

    expect(failureLines(result)).toEqual([
      `cfdb migrate failed: ${path(third)}:6: relation "app_public.no_such_table" does not exist (42P01) in: ${failingInsert}; ` +
        `${third} was rolled back; applied before it: ${second}; not run: ${fourth}; fix the cause and run migrate again.`,
    ]);
    expect(result.code).toBe(1);
    expect(await recordedNames()).toEqual([...committedBefore, `${second.slice(0, 6)}.sql`]);
    expect(await tableExists('app_public.second_works')).toBe(true);
    expect(await tableExists('app_public.third_half')).toBe(false);
    expect(await tableExists('app_public.fourth_never')).toBe(false);
  });

  test('a --! no-transaction migration is still one implicit transaction when it holds several statements', async () => {
    const file = appendCommittedMigration(dir, 'no transaction', `--! no-transaction\ncreate table app_public.outside_tx (id int);\n${failingInsert}\n`);

    const result = await migrate();

    expect(failureLines(result)).toEqual([
      `cfdb migrate failed: ${path(file)}:7: relation "app_public.no_such_table" does not exist (42P01) in: ${failingInsert}; ` +
        `${file} ran outside a transaction (--! no-transaction): check for what it left behind, such as an invalid index; ` +
        'nothing else was applied; fix the cause and run migrate again.',
    ]);
    // PostgreSQL runs a multi-statement query string as one implicit transaction: the first statement is undone too.
    expect(await tableExists('app_public.outside_tx')).toBe(false);
    expect(await recordedNames()).toEqual(committedBefore);
  });
});
