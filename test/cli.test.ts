import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../src/lib/paths.ts';
import { committedMigrations } from '../src/migrate/migration-file.ts';
import { createEmptyDatabase, createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { cliEnv, copyMigrations, failureLines, runCli, runCliInProcess } from './helpers/cli.ts';

const committed = committedMigrations().map((m) => m.file);

async function tableCount(db: ScratchDatabase, schema: string): Promise<number> {
  const { rows } = await db.client.query<{ n: number }>(
    `select count(*)::int as n from pg_tables where schemaname = $1`,
    [schema],
  );
  return rows[0]?.n ?? -1;
}

describe('cfdb CLI', () => {
  test.each(['start', 'migrate', 'watch', 'commit', 'uncommit', 'reset', 'status'])('%s --help prints its usage', async (command) => {
    const result = await runCliInProcess([command, '--help'], cliEnv({}));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`usage: cfdb ${command}`);
  });

  // Commands load by name (src/cli.ts: `a:b` is src/commands/a-b.ts's aBCommand), so a file or export that breaks the convention shows here.
  // Spawned: jest's ESM loader cannot take sixteen modules' dynamic imports at once ("request … is not in cache").
  test('--help lists every file of src/commands/ that exports a command, each loaded with its summary', async () => {
    const result = await runCli(['--help'], cliEnv({}));
    expect(result.code).toBe(0);
    const listed = result.stdout.split('\n').flatMap((line) => /^ {2}(\S+) {2,}(.*)$/.exec(line)?.slice(1, 3) ?? []);
    const names = listed.filter((_, i) => i % 2 === 0);
    expect(listed.filter((_, i) => i % 2 === 1).filter((summary) => summary.startsWith('(cannot be loaded'))).toEqual([]);
    const dir = join(repoRoot, 'src', 'commands');
    const files = readdirSync(dir).filter((file) => /^export const \w+Command\b/m.test(readFileSync(join(dir, file), 'utf8')));
    expect(names.map((name) => `${name.replace(':', '-')}.ts`).sort()).toEqual(files.sort());
  });

  // Through bin/cfdb.js, as a user runs it: the exit code is the process's. The other tests run the CLI in this process.
  test('an unknown command fails with one line that points at --help', async () => {
    const result = await runCli(['migrat'], cliEnv({}));
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['cfdb: unknown command "migrat"; run `cfdb --help` for the list.']);
  });

  test('a mistyped DATABASE_URL gives one clear line, with the password masked', async () => {
    const result = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: 'postgres://app:s3cret-pw@127.0.0.1:1/creativeflow' }));
    expect(result.code).toBe(1);
    expect(failureLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/^cfdb migrate failed: cannot connect to DATABASE_URL \(postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/creativeflow\): .*ECONNREFUSED/m);
    expect(result.stdout + result.stderr).not.toContain('s3cret-pw');
  });

  test('a DATABASE_URL that is not a URL is named as such', async () => {
    const result = await runCliInProcess(['status'], cliEnv({ DATABASE_URL: 'postgress:/localhost/creativeflow' }));
    expect(result.code).toBe(1);
    expect(failureLines(result)).toEqual([
      expect.stringMatching(/^cfdb status failed: DATABASE_URL=postgress:\/localhost\/creativeflow is not a PostgreSQL URL/),
    ]);
  });

  test('reset refuses a server that is not on this machine, before connecting to it', async () => {
    // .invalid never resolves: if reset tried to connect, the error would be a DNS failure instead.
    const result = await runCliInProcess(['reset'], cliEnv({ DATABASE_URL: 'postgres://app:pw@db.example.invalid:5432/prod', ROOT_DATABASE_URL: 'postgres://app:pw@db.example.invalid:5432/postgres' }));
    expect(result.code).toBe(1);
    expect(failureLines(result)).toEqual([
      'cfdb reset failed: reset refuses to erase DATABASE_URL (postgres://app:***@db.example.invalid:5432/prod): it is not on this machine; pass --force if you really mean to drop it.',
    ]);
  });

  describe('against a real database', () => {
    let db: ScratchDatabase;
    afterEach(async () => db?.drop());

    test('migrate on a fresh empty database applies every committed migration', async () => {
      db = await createEmptyDatabase();
      const result = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: db.url }));
      expect(result.stderr).not.toMatch(/^cfdb /m);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`migrate: applied ${committed.join(', ')}`);
      expect(await tableCount(db, 'app_public')).toBe(22);
      const again = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: db.url }));
      expect(again.stdout).toContain(`already up to date (${committed.length} migrations applied)`);
    });

    test('a syntax error in current.sql names file and line, and changes nothing', async () => {
      db = await createMigratedDatabase();
      const dir = copyMigrations();
      writeFileSync(join(dir, 'current.sql'), 'create table public.half_applied (id int);\n\ncreat tabel oops (id int);\n');
      const result = await runCliInProcess(['watch', '--once'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
      expect(result.code).toBe(1);
      expect(failureLines(result)).toEqual([
        `cfdb watch failed: ${join(dir, 'current.sql')}:3: syntax error at or near "creat" (42601) in: creat tabel oops (id int);`,
      ]);
      const { rows } = await db.client.query(`select to_regclass('public.half_applied') as t`);
      expect(rows[0].t).toBeNull();
    });

    test('migrate refuses a committed migration edited after the fact, naming the file', async () => {
      db = await createEmptyDatabase();
      const dir = copyMigrations();
      const first = committed[0] ?? '';
      const path = join(dir, 'committed', first);
      writeFileSync(path, `${readFileSync(path, 'utf8')}\n-- an innocent-looking edit\n`);
      const result = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
      expect(result.code).toBe(1);
      // Nothing is applied yet, so the file is checked against its own Hash header, before anything runs.
      expect(failureLines(result)).toEqual([expect.stringContaining(`${path} was edited after it was committed (Hash header sha1:`)]);
      expect(await tableCount(db, 'app_public')).toBe(0);
    });

    test('status reports applied and pending migrations', async () => {
      db = await createEmptyDatabase();
      const result = await runCliInProcess(['status'], cliEnv({ DATABASE_URL: db.url }));
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`status: ${committed.length} pending: ${committed.join(', ')}`);
    });
  });
});
