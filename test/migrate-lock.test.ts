import { join } from 'node:path';
import { repoRoot } from '../src/lib/paths.ts';
import { DEPLOY_LOCK_KEY } from '../src/migrate/lock.ts';
import { cliEnv, failureLines, runCli, type CliResult } from './helpers/cli.ts';
import { createEmptyDatabase, type ScratchDatabase } from './helpers/database.ts';
import { committedFiles, whileLockHeld } from './helpers/migrations.ts';

/**
 * The deploy lock: concurrent `migrate` runs on one database queue behind one
 * another instead of failing on graphile-migrate's try-lock, and a run that
 * waits longer than its timeout fails with one line.
 */

const committed = committedFiles(join(repoRoot, 'migrations'));
const GRAPHILE_MIGRATE_LOCK_KEY = '4727445306447283';

/** Sessions of this database queued on the deploy lock. */
async function waitingForDeployLock(db: ScratchDatabase): Promise<number> {
  const { rows } = await db.client.query<{ n: number }>(
    `select count(*)::int as n from pg_locks
      where locktype = 'advisory' and not granted and objsubid = 1
        and database = (select oid from pg_database where datname = current_database())
        and ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
    [DEPLOY_LOCK_KEY],
  );
  return rows[0]?.n ?? 0;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function schemaExists(db: ScratchDatabase, name: string): Promise<boolean> {
  const { rows } = await db.client.query('select 1 from pg_namespace where nspname = $1', [name]);
  return rows.length > 0;
}

describe('the deploy lock', () => {
  let db: ScratchDatabase;
  beforeEach(async () => {
    db = await createEmptyDatabase();
  });
  afterEach(async () => db.drop());

  test('8 concurrent migrate runs on an empty database: one applies, seven wait and find it up to date, all exit 0', async () => {
    // The test holds the lock until all eight are queued on it, so they truly run at once
    // however slowly the processes start; then it lets them go.
    const runs = await whileLockHeld(db.url, DEPLOY_LOCK_KEY, async () => {
      const started = Array.from({ length: 8 }, () => runCli(['migrate'], cliEnv({ DATABASE_URL: db.url })));
      await until(async () => (await waitingForDeployLock(db)) === 8, 'all eight runs wait for the deploy lock', 90_000);
      return started;
    });
    const results = await Promise.all(runs);

    for (const result of results) {
      expect(failureLines(result)).toEqual([]);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^migrate: waiting for another migrate to finish \(backend pid \d+ holds the deploy lock on database "cfdb_test_\w+"; waiting up to 300 s\)…$/m);
      expect(result.stderr).toMatch(/^migrate: got the deploy lock after [\d.]+ m?s$/m);
    }
    const summaries = results.map((r) => r.stdout.trim()).sort();
    expect(summaries).toEqual([
      `migrate: already up to date (${committed.length} migrations applied)`,
      `migrate: already up to date (${committed.length} migrations applied)`,
      `migrate: already up to date (${committed.length} migrations applied)`,
      `migrate: already up to date (${committed.length} migrations applied)`,
      `migrate: already up to date (${committed.length} migrations applied)`,
      `migrate: already up to date (${committed.length} migrations applied)`,
      `migrate: already up to date (${committed.length} migrations applied)`,
      `migrate: applied ${committed.join(', ')}; ${committed.length} migrations applied in all`,
    ]);
    const { rows } = await db.client.query<{ filename: string; n: number }>(
      'select filename, count(*)::int as n from graphile_migrate.migrations group by filename order by filename',
    );
    expect(rows).toEqual(committed.map((file) => ({ filename: `${file.slice(0, 6)}.sql`, n: 1 })));
  }, 180_000);

  test('a run that waits longer than --lock-timeout fails with one line and changes nothing', async () => {
    await whileLockHeld(db.url, DEPLOY_LOCK_KEY, async (pid) => {
      const result = await runCli(['migrate', '--lock-timeout', '1s'], cliEnv({ DATABASE_URL: db.url }));
      expect(failureLines(result)).toEqual([
        `cfdb migrate failed: another migrate still held the deploy lock on database "${db.name}" after 1 s (backend pid ${pid}); ` +
          'let it finish and run migrate again, or wait longer with --lock-timeout or CFDB_MIGRATE_LOCK_TIMEOUT.',
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`migrate: waiting for another migrate to finish (backend pid ${pid} holds the deploy lock on database "${db.name}"; waiting up to 1 s)…`);
      expect(await schemaExists(db, 'graphile_migrate')).toBe(false);
    });
  }, 60_000);

  test('CFDB_MIGRATE_LOCK_TIMEOUT sets the wait when the flag is absent', async () => {
    await whileLockHeld(db.url, DEPLOY_LOCK_KEY, async () => {
      const result = await runCli(['migrate'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATE_LOCK_TIMEOUT: '1500ms' }));
      expect(failureLines(result)).toEqual([expect.stringContaining(`held the deploy lock on database "${db.name}" after 1.5 s`)]);
      expect(result.code).toBe(1);
    });
  }, 60_000);

  test("graphile-migrate's own lock is a different key: a run that finds it taken says who to wait for, and applies nothing", async () => {
    await whileLockHeld(db.url, GRAPHILE_MIGRATE_LOCK_KEY, async () => {
      const result = await runCli(['migrate', '--lock-timeout', '1s'], cliEnv({ DATABASE_URL: db.url }));
      expect(failureLines(result)).toEqual([
        "cfdb migrate failed: graphile-migrate's own lock on this database is held by another process (cfdb watch, start or commit, or the graphile-migrate CLI); " +
          'nothing was applied: let it finish and run migrate again.',
      ]);
      expect(result.code).toBe(1);
      // The deploy lock itself was free: no wait.
      expect(result.stderr).not.toContain('waiting for another migrate');
      expect(await schemaExists(db, 'graphile_migrate')).toBe(false);
    });
  }, 60_000);
});

describe('--lock-timeout values', () => {
  test.each([
    ['soon', '--lock-timeout=soon'],
    ['0', '--lock-timeout=0'],
    ['-5s', '--lock-timeout=-5s'],
  ])('%s is refused before connecting', async (value, shown) => {
    // Port 1 refuses connections: had migrate connected, the error would say so.
    const result = await runCli(['migrate', `--lock-timeout=${value}`], cliEnv({ DATABASE_URL: 'postgres://app:pw@127.0.0.1:1/creativeflow' }));
    expect(failureLines(result)).toEqual([`cfdb migrate failed: ${shown} is not a positive duration; use for example 60s, 5m or 500ms.`]);
    expect(result.code).toBe(1);
  });

  test('a bad CFDB_MIGRATE_LOCK_TIMEOUT is named', async () => {
    const result = await runCli(['migrate'], cliEnv({ DATABASE_URL: 'postgres://app:pw@127.0.0.1:1/creativeflow', CFDB_MIGRATE_LOCK_TIMEOUT: '1h' }));
    expect(failureLines(result)).toEqual(['cfdb migrate failed: CFDB_MIGRATE_LOCK_TIMEOUT=1h is not a positive duration; use for example 60s, 5m or 500ms.']);
  });
});
