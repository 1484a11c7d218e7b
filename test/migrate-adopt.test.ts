import { catalogFingerprint } from '../src/introspect/fingerprint.ts';
import { committedMigrations } from '../src/migrate/migration-file.ts';
import { cliEnv, failureLines, runCliInProcess } from './helpers/cli.ts';
import { createMigratedDatabase, rootUrl, type ScratchDatabase } from './helpers/database.ts';

/**
 * Adopting a database built another way: it has the tables but no
 * graphile-migrate history. A first migrate would run 000001, which drops
 * app_public; it is refused, and `migrate --baseline` records the history
 * once drift finds nothing.
 */

const committed = committedMigrations().map((m) => m.file);

let db: ScratchDatabase;

/** A database with every table but no history: the migrated template with graphile_migrate dropped. */
beforeEach(async () => {
  db = await createMigratedDatabase();
  await db.client.query('drop schema graphile_migrate cascade');
  await db.client.query(`insert into app_public.users (email) values ('kept@example.com')`);
});
afterEach(async () => db?.drop());

async function historyRows(): Promise<string[] | undefined> {
  const { rows: [exists] } = await db.client.query<{ present: boolean }>(`select to_regclass('graphile_migrate.migrations') is not null as present`);
  if (!exists?.present) return undefined;
  const { rows } = await db.client.query<{ filename: string }>('select filename from graphile_migrate.migrations order by filename');
  return rows.map((r) => r.filename);
}

test('a first migrate into a database that already has tables refuses in one line, and runs nothing', async () => {
  const before = await catalogFingerprint(db.client);
  const result = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: db.url }));
  expect(failureLines(result)).toEqual([
    'cfdb migrate failed: the database has no migration history but already holds 22 tables in app_public/app_private, ' +
      `and ${committed[0]} would drop them; nothing was run: if it was built another way, check it with \`npm run drift\` ` +
      'and record the history with `npm run migrate -- --baseline` (README, "Adopting an existing database").',
  ]);
  expect(result.code).toBe(1);
  expect(await catalogFingerprint(db.client)).toBe(before);
  const { rows } = await db.client.query('select email from app_public.users');
  expect(rows).toEqual([{ email: 'kept@example.com' }]);
  expect(await historyRows()).toBeUndefined();
});

test('--baseline records the committed migrations without running them; migrate then finds nothing to do', async () => {
  const env = cliEnv({ DATABASE_URL: db.url, ROOT_DATABASE_URL: rootUrl() });
  const result = await runCliInProcess(['migrate', '--baseline'], env);
  expect(result.stderr).not.toMatch(/^cfdb /m);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`migrate: baseline: recorded ${committed.join(', ')} as applied without running them`);
  expect(await historyRows()).toEqual(committed.map((file) => `${file.slice(0, 6)}.sql`));
  const { rows } = await db.client.query('select email from app_public.users');
  expect(rows).toEqual([{ email: 'kept@example.com' }]);

  const again = await runCliInProcess(['migrate'], env);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain(`migrate: already up to date (${committed.length} migrations applied)`);
}, 120_000);

test('--baseline refuses a database that drifted from what the migrations build, and records nothing', async () => {
  await db.client.query('alter table app_public.users add column nickname text');
  const result = await runCliInProcess(['migrate', '--baseline'], cliEnv({ DATABASE_URL: db.url, ROOT_DATABASE_URL: rootUrl() }));
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/app_public\.users column nickname/);
  expect(failureLines(result)).toEqual([
    'cfdb migrate failed: migrate --baseline: 1 object differ from what the committed migrations build, so they cannot be recorded as applied; ' +
      'nothing was recorded: bring the database in line (see `npm run drift`), then baseline again.',
  ]);
  expect(await historyRows()).toBeUndefined();
}, 120_000);
