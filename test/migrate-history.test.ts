import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogFingerprint } from '../src/introspect/fingerprint.ts';
import { migrationHash as calculateHash, parseMigrationText, type CommittedFile } from '../src/migrate/migration-file.ts';
import { historyProblems } from '../src/migrate/plan.ts';
import { cliEnv, copyMigrations, failureLines, runCliInProcess } from './helpers/cli.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { appendCommittedMigration, committedFiles, declaredHash } from './helpers/migrations.ts';

/**
 * Verified history: before applying anything, migrate checks every migration
 * recorded in graphile_migrate.migrations against its committed file, and
 * refuses, changing nothing, when one was edited, renamed or deleted.
 */

async function appliedRows(db: ScratchDatabase): Promise<string[]> {
  const { rows } = await db.client.query<{ row: string }>(
    `select filename || ' ' || hash || ' ' || coalesce(previous_hash, '-') as row from graphile_migrate.migrations order by filename`,
  );
  return rows.map((r) => r.row);
}

describe('migrate verifies the applied history first', () => {
  let db: ScratchDatabase;
  let dir: string;
  let first: string;
  let firstPath: string;
  let recorded: string;
  /** The newest applied migration: the one a teammate could delete, renumber or commit again. */
  let last: string;
  let lastPath: string;
  let lastRecorded: string;

  beforeEach(async () => {
    db = await createMigratedDatabase();
    dir = copyMigrations();
    first = committedFiles(dir)[0] ?? '';
    firstPath = join(dir, 'committed', first);
    recorded = declaredHash(firstPath);
    last = committedFiles(dir).at(-1) ?? '';
    lastPath = join(dir, 'committed', last);
    lastRecorded = declaredHash(lastPath);
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs migrate on the copy and checks it refused with exactly `message`, leaving the database as it was. */
  async function expectRefused(message: string): Promise<void> {
    const fingerprint = await catalogFingerprint(db.client);
    const rows = await appliedRows(db);
    const result = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
    expect(failureLines(result)).toEqual([`cfdb migrate failed: ${message}`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(await appliedRows(db)).toEqual(rows);
    expect(await catalogFingerprint(db.client)).toBe(fingerprint);
  }

  test('an applied migration whose body was edited is refused, and the pending one after it is not applied', async () => {
    // A pending migration after the edited one: the refusal must come before it runs.
    const pending = appendCommittedMigration(dir, 'add a table', 'create table app_public.after_the_edit (id int);\n');
    writeFileSync(firstPath, `${readFileSync(firstPath, 'utf8')}\ncomment on schema app_public is 'edited after deploy';\n`);
    const onDisk = calculateHash(parseMigrationText(firstPath, readFileSync(firstPath, 'utf8')).body, null);
    await expectRefused(
      `${firstPath} was edited after it was applied (hash ${recorded} recorded, ${onDisk} on disk); ` +
        'restore it from git and put the change in a new migration.',
    );
    expect(committedFiles(dir)).toContain(pending);
    const { rows } = await db.client.query(`select to_regclass('app_public.after_the_edit') as t`);
    expect(rows[0].t).toBeNull();
  });

  test('status names the edited applied migration and exits 1, as migrate refuses it', async () => {
    writeFileSync(firstPath, `${readFileSync(firstPath, 'utf8')}\ncomment on schema app_public is 'edited after deploy';\n`);
    const onDisk = calculateHash(parseMigrationText(firstPath, readFileSync(firstPath, 'utf8')).body, null);
    const result = await runCliInProcess(['status'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('no committed migration is pending');
    expect(failureLines(result)).toEqual([
      `cfdb status failed: ${firstPath} was edited after it was applied (hash ${recorded} recorded, ${onDisk} on disk); ` +
        'restore it from git and put the change in a new migration.',
    ]);
  });

  test('an applied migration committed again with new content (headers consistent) is refused', async () => {
    rmSync(lastPath);
    const again = appendCommittedMigration(dir, 'committed again', 'create table app_public.rewritten (id int);\n');
    expect(again.slice(0, 6)).toBe(last.slice(0, 6));
    const againPath = join(dir, 'committed', again);
    await expectRefused(
      `${againPath} was edited after it was applied (hash ${lastRecorded} recorded, ${declaredHash(againPath)} on disk); ` +
        'restore it from git and put the change in a new migration.',
    );
  });

  test('a deleted applied migration is refused, naming it', async () => {
    rmSync(lastPath);
    await expectRefused(
      `${join(dir, 'committed')} has no file for ${last.slice(0, 6)}.sql, which graphile_migrate.migrations records as applied ` +
        `(hash ${lastRecorded}); restore the file from git, or deploy from a checkout that has it.`,
    );
  });

  test('an applied migration renumbered afterwards is refused, naming the file that holds it', async () => {
    const renamed = `${String(Number(last.slice(0, 6)) + 1).padStart(6, '0')}${last.slice(6)}`;
    renameSync(lastPath, join(dir, 'committed', renamed));
    await expectRefused(
      `${join(dir, 'committed', renamed)} holds the migration applied as ${last.slice(0, 6)}.sql (hash ${lastRecorded}): ` +
        'committed migrations were renumbered after they were applied; restore their names from git.',
    );
  });

  test('a recorded previous hash that breaks the chain is refused', async () => {
    // Only a hand-edited history table gets here: the hash binds the previous hash of the file.
    await db.client.query(`update graphile_migrate.migrations set previous_hash = hash where filename = $1`, [`${first.slice(0, 6)}.sql`]);
    await expectRefused(
      `${firstPath} follows no migration but graphile_migrate.migrations records it after ${recorded}; ` +
        'restore the file from git, or repair that row.',
    );
  });

  test('a pending migration edited after it was committed is refused before anything runs', async () => {
    const second = appendCommittedMigration(dir, 'second', 'create table app_public.second_table (id int);\n');
    const third = appendCommittedMigration(dir, 'third', 'create table app_public.third_table (id int);\n');
    const thirdPath = join(dir, 'committed', third);
    const header = declaredHash(thirdPath);
    writeFileSync(thirdPath, readFileSync(thirdPath, 'utf8').replace('third_table', 'tampered_table'));
    const computed = calculateHash('create table app_public.tampered_table (id int);\n', declaredHash(join(dir, 'committed', second)));
    await expectRefused(
      `${thirdPath} was edited after it was committed (Hash header ${header}, ${computed} computed from its body); ` +
        'restore it from git and put the change in a new migration.',
    );
    // graphile-migrate alone would have applied the second migration before tripping on the third.
    const { rows } = await db.client.query(`select to_regclass('app_public.second_table') as t`);
    expect(rows[0].t).toBeNull();
  });

  test('an intact history with a pending migration applies it', async () => {
    const pending = appendCommittedMigration(dir, 'add a table', 'create table app_public.after_the_check (id int);\n');
    const result = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
    expect(failureLines(result)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`migrate: applied ${pending}; ${committedFiles(dir).length} migrations applied in all\n`);
  });
});

describe('historyProblems', () => {
  function file(filename: string, body: string, previous: CommittedFile | null): CommittedFile {
    const previousHash = previous?.hash ?? null;
    return {
      filename,
      realFilename: `${filename.slice(0, 6)}-m.sql`,
      fullPath: `/m/committed/${filename.slice(0, 6)}-m.sql`,
      hash: calculateHash(body, previousHash),
      previousHash,
      allowInvalidHash: false,
      body,
      message: 'm',
    };
  }
  const one = file('000001.sql', 'select 1;\n', null);
  const two = file('000002.sql', 'select 2;\n', one);
  const three = file('000003.sql', 'select 3;\n', two);
  const row = (m: CommittedFile): { filename: string; hash: string; previousHash: string | null } => ({
    filename: m.filename,
    hash: m.hash,
    previousHash: m.previousHash,
  });

  test('a clean history, applied in part, has no problem', () => {
    expect(historyProblems([row(one), row(two)], [one, two, three])).toEqual([]);
    expect(historyProblems([], [one, two, three])).toEqual([]);
  });

  test('a committed migration older than the latest applied one but never applied is named', () => {
    expect(historyProblems([row(one), row(three)], [one, two, three])).toEqual([
      '/m/committed/000002-m.sql was never applied although the later 000003.sql was, so migrate would skip it for good; ' +
        'commit its change again as a new migration after the latest applied one',
    ]);
  });

  test('a file that opts out with AllowInvalidHash is checked against its Hash header', () => {
    const allowed = { ...two, body: 'select 22;\n', allowInvalidHash: true };
    expect(historyProblems([row(one), row(two)], [one, allowed])).toEqual([]);
  });
});
