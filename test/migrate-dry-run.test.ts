import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogFingerprint } from '../src/introspect/fingerprint.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { DEPLOY_LOCK_KEY } from '../src/migrate/lock.ts';
import { parseMigrationText } from '../src/migrate/migration-file.ts';
import { cliEnv, copyMigrations, failureLines, runCliInProcess } from './helpers/cli.ts';
import { createEmptyDatabase, createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { appendCommittedMigration, committedFiles, whileLockHeld } from './helpers/migrations.ts';

/** `migrate --dry-run` prints the pending migrations and their SQL, and changes nothing at all. */

const committed = committedFiles(join(repoRoot, 'migrations'));

/** Every schema and relation in the database, and how many functions and types: a dry run must leave all of it alone. */
async function catalogSnapshot(db: ScratchDatabase): Promise<string> {
  const { rows } = await db.client.query<{ line: string }>(
    `select 'schema ' || nspname as line from pg_namespace
     union all select 'relation ' || n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     union all select 'functions ' || count(*) from pg_proc
     union all select 'types ' || count(*) from pg_type
     order by 1`,
  );
  return rows.map((r) => r.line).join('\n');
}

describe('migrate --dry-run', () => {
  let db: ScratchDatabase;
  let dir: string | undefined;
  afterEach(async () => {
    await db.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  test('on an empty database lists every migration with its SQL and creates nothing, not even graphile_migrate', async () => {
    db = await createEmptyDatabase();
    const before = await catalogSnapshot(db);

    const result = await runCliInProcess(['migrate', '--dry-run'], cliEnv({ DATABASE_URL: db.url }));

    expect(failureLines(result)).toEqual([]);
    expect(result.code).toBe(0);
    for (const file of committed) {
      const path = join(repoRoot, 'migrations', 'committed', file);
      expect(result.stdout).toContain(`-- migrations/committed/${file} would run in one transaction:\n${parseMigrationText(path, readFileSync(path, 'utf8')).body}\n`);
    }
    expect(result.stdout.endsWith(`migrate: dry run: ${committed.length} pending: ${committed.join(', ')}; nothing was applied\n`)).toBe(true);
    expect(await catalogSnapshot(db)).toBe(before);
    expect(before).not.toContain('schema graphile_migrate');
  });

  test('on a migrated database lists only the pending migration, exactly, and applies nothing', async () => {
    db = await createMigratedDatabase();
    dir = copyMigrations();
    const body = "create table app_public.dry_run_only (id int);\ncomment on table app_public.dry_run_only is ':DATABASE_NAME';\n";
    const file = appendCommittedMigration(dir, 'only listed', body);
    const before = await catalogFingerprint(db.client);
    const snapshot = await catalogSnapshot(db);

    const result = await runCliInProcess(['migrate', '--dry-run'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));

    expect(failureLines(result)).toEqual([]);
    expect(result.code).toBe(0);
    // Placeholders are shown as committed: their values may come from the environment, and be secret.
    expect(result.stdout).toBe(
      `-- ${join(dir, 'committed', file)} would run in one transaction:\n${body}\n` +
        `migrate: dry run: 1 pending: ${file}; nothing was applied\n`,
    );
    expect(await catalogFingerprint(db.client)).toBe(before);
    expect(await catalogSnapshot(db)).toBe(snapshot);
    const { rows } = await db.client.query<{ filename: string }>('select filename from graphile_migrate.migrations order by filename');
    expect(rows.map((r) => r.filename)).toEqual(committedFiles(join(repoRoot, 'migrations')).map((f) => `${f.slice(0, 6)}.sql`));
  });

  test('says when a migration would run outside a transaction', async () => {
    db = await createMigratedDatabase();
    dir = copyMigrations();
    const file = appendCommittedMigration(dir, 'concurrently', '--! no-transaction\ncreate index concurrently users_dry_run_idx on app_public.users (created_at);\n');
    const result = await runCliInProcess(['migrate', '--dry-run'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`-- ${join(dir, 'committed', file)} would run without a transaction (--! no-transaction):\n--! no-transaction\n`);
  });

  test('on an up-to-date database says so', async () => {
    db = await createMigratedDatabase();
    const result = await runCliInProcess(['migrate', '--dry-run'], cliEnv({ DATABASE_URL: db.url }));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`migrate: dry run: already up to date (${committed.length} migrations applied); nothing would run\n`);
  });

  test('verifies the history like a real run', async () => {
    db = await createMigratedDatabase();
    dir = copyMigrations();
    const first = join(dir, 'committed', committed[0] ?? '');
    writeFileSync(first, `${readFileSync(first, 'utf8')}\n-- edited\n`);
    const result = await runCliInProcess(['migrate', '--dry-run'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
    expect(failureLines(result)).toEqual([expect.stringContaining(`cfdb migrate failed: ${first} was edited after it was applied (hash `)]);
    expect(result.code).toBe(1);
  });

  test('does not wait for the deploy lock: it only reads', async () => {
    db = await createEmptyDatabase();
    await whileLockHeld(db.url, DEPLOY_LOCK_KEY, async () => {
      const result = await runCliInProcess(['migrate', '--dry-run', '--lock-timeout', '1s'], cliEnv({ DATABASE_URL: db.url }));
      expect(result.code).toBe(0);
      expect(result.stderr).not.toContain('waiting for another migrate');
    });
  });
});
