import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withClient } from '../src/db/client.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { committedMigrations } from '../src/migrate/migration-file.ts';
import { cliEnv, copyMigrations, failureLines, runCliInProcess } from './helpers/cli.ts';
import { createVisitorSql, VISITOR } from './fixtures/security-fixture.ts';
import { createMigratedDatabase, databaseUrl, rootUrl, type ScratchDatabase } from './helpers/database.ts';
import { makeTempDir } from './helpers/temp-dir.ts';
import { nextMigrationNumber } from './helpers/migrations.ts';

const nextNumber = nextMigrationNumber();

/**
 * `cfdb commit` lints current.sql before it commits (test/dev.test.ts covers
 * the clean commit after the development loop), and `uncommit` takes it back.
 */

let db: ScratchDatabase;
let migrations: string;
let tree: string;
const shadow = `cfdb_commit_${Math.random().toString(36).slice(2, 8)}_shadow`;

beforeAll(async () => {
  db = await createMigratedDatabase();
  migrations = copyMigrations();
  tree = makeTempDir('cfdb-commit-tree');
});

afterAll(async () => {
  await db?.drop();
  await withClient(rootUrl(), (client) => client.query(`drop database if exists ${client.escapeIdentifier(shadow)} with (force)`));
  rmSync(migrations, { recursive: true, force: true });
  rmSync(tree, { recursive: true, force: true });
});

test.each([
  ['require-concurrent-index-creation', 'create index if not exists projects_created_at_idx on app_public.projects (created_at);'],
  // ban-drop-column guards the data: an intended drop needs its `-- squawk-ignore` and a reason (the last test).
  ['ban-drop-column', 'alter table app_public.projects drop column collaboration_state;'],
])('a lint finding (%s) in current.sql stops commit before anything is written or run, naming current.sql:line', async (rule, statement) => {
  const current = join(migrations, 'current.sql');
  writeFileSync(current, `-- Enter migration here\n${statement}\n`);
  // An unreachable database: a commit that got as far as graphile-migrate would fail to connect instead.
  const result = await runCliInProcess(
    ['commit', '-m', 'refused'],
    cliEnv({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SHADOW_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none_shadow', ROOT_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/postgres', CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: tree }),
  );
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(new RegExp(`^commit: ${current}:2: ${rule}: `, 'm'));
  expect(failureLines(result)).toEqual([
    `cfdb commit failed: 1 lint finding in ${current}; nothing was committed: fix current.sql ` +
      '(or accept a finding in current.sql with `-- squawk-ignore <rule>: <reason>` on the line above the statement), then commit again.',
  ]);
  expect(readdirSync(join(migrations, 'committed'))).toEqual(readdirSync(join(repoRoot, 'migrations', 'committed')));
  expect(readFileSync(current, 'utf8')).toContain(statement);
  expect(existsSync(join(tree, 'src/generated/db.ts'))).toBe(false);
});

test('a finding accepted with `-- squawk-ignore <rule>: <reason>` commits, regenerated and summarised', async () => {
  writeFileSync(
    join(migrations, 'current.sql'),
    '-- Enter migration here\n-- squawk-ignore require-concurrent-index-creation: projects is small enough to lock briefly\n' +
      'create index if not exists projects_created_at_idx on app_public.projects (created_at);\n',
  );
  const result = await runCliInProcess(
    ['commit', '-m', 'projects index'],
    cliEnv({ DATABASE_URL: db.url, SHADOW_DATABASE_URL: databaseUrl(shadow), ROOT_DATABASE_URL: rootUrl(), CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: tree }),
  );
  expect(result.stderr).not.toMatch(/^cfdb /m);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain(`commit: lint found nothing to fix in ${join(migrations, 'current.sql')}\n`);
  expect(readFileSync(join(migrations, 'committed', `${nextNumber}-projects-index.sql`), 'utf8')).toContain('-- squawk-ignore require-concurrent-index-creation: projects is small');
  expect(result.stdout).toContain('commit: schema change:\n  ~ table projects: index projects_created_at_idx added\n');
  expect(existsSync(join(tree, 'src/generated/db.ts'))).toBe(true);
}, 240_000);

test('uncommit takes it back into current.sql, runs it, and says what current.sql now changes', async () => {
  const env = cliEnv({ DATABASE_URL: db.url, SHADOW_DATABASE_URL: databaseUrl(shadow), ROOT_DATABASE_URL: rootUrl(), CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: tree });
  const result = await runCliInProcess(['uncommit'], env);
  expect(result.stderr).not.toMatch(/^cfdb /m);
  expect(result.code).toBe(0);
  expect(existsSync(join(migrations, 'committed', `${nextNumber}-projects-index.sql`))).toBe(false);
  expect(readFileSync(join(migrations, 'current.sql'), 'utf8')).toMatch(/^--! Message: projects index\n[\s\S]*create index if not exists projects_created_at_idx/);
  expect(result.stdout).toContain(`uncommit: moved ${nextNumber}-projects-index.sql back into ${join(migrations, 'current.sql')}\n`);
  expect(result.stdout).toContain(
    'uncommit: current.sql changes:\n  ~ table projects: index projects_created_at_idx added\n' +
      'uncommit: rework it with `npm run dev` running, then commit again\n',
  );

  const again = await runCliInProcess(['uncommit'], env);
  expect(failureLines(again)).toEqual([
    `cfdb uncommit failed: ${join(migrations, 'current.sql')} holds uncommitted work; commit it or move it aside before uncommitting ${committedMigrations().at(-1)?.file}.`,
  ]);
}, 240_000);

test('a blank current.sql is refused before anything starts', async () => {
  writeFileSync(join(migrations, 'current.sql'), '-- Enter migration here\n');
  const result = await runCliInProcess(['commit'], cliEnv({ CFDB_MIGRATIONS_DIR: migrations, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }));
  expect(result.code).toBe(1);
  expect(failureLines(result)).toEqual([
    `cfdb commit failed: ${join(migrations, 'current.sql')} holds no SQL, so there is nothing to commit; write the change there first (see docs/workflow.md).`,
  ]);
});

test('the schema change names row level security, policies and grants per role', async () => {
  await withClient(rootUrl(), (client) => client.query(createVisitorSql));
  writeFileSync(
    join(migrations, 'current.sql'),
    [
      '-- Enter migration here',
      // 000002 enabled it; forcing it is what changes here.
      'alter table app_public.teams force row level security;',
      'drop policy if exists select_owner on app_public.teams;',
      `create policy select_owner on app_public.teams for select to ${VISITOR} using (owner_id is not null);`,
      `grant select on app_public.teams to ${VISITOR};`,
      `grant update (name) on app_public.teams to ${VISITOR};`,
      '',
    ].join('\n'),
  );
  const result = await runCliInProcess(
    ['commit', '-m', 'teams visible to visitors'],
    cliEnv({ DATABASE_URL: db.url, SHADOW_DATABASE_URL: databaseUrl(shadow), ROOT_DATABASE_URL: rootUrl(), CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: tree }),
  );
  expect(result.stdout).toContain(
    'commit: schema change:\n' +
      `  ~ table teams: row level security forced; policy select_owner added (SELECT to ${VISITOR}); SELECT granted to ${VISITOR}; UPDATE (name) granted to ${VISITOR}\n`,
  );
}, 240_000);

test('an intended drop carries `-- squawk-ignore ban-drop-column: <reason>` and commits, the reason kept in the committed file', async () => {
  writeFileSync(
    join(migrations, 'current.sql'),
    '-- Enter migration here\n-- squawk-ignore ban-drop-column: collaboration state moved out of the database; no client reads it\n' +
      'alter table app_public.projects drop column if exists collaboration_state;\n',
  );
  const before = new Set(readdirSync(join(migrations, 'committed')));
  const result = await runCliInProcess(
    ['commit', '-m', 'drop collaboration state'],
    cliEnv({ DATABASE_URL: db.url, SHADOW_DATABASE_URL: databaseUrl(shadow), ROOT_DATABASE_URL: rootUrl(), CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: tree }),
  );
  expect(result.stderr).not.toMatch(/^cfdb /m);
  expect(result.code).toBe(0);
  const added = readdirSync(join(migrations, 'committed')).filter((f) => !before.has(f));
  expect(added).toEqual([expect.stringMatching(/^\d{6}-drop-collaboration-state\.sql$/)]);
  expect(readFileSync(join(migrations, 'committed', added[0] ?? ''), 'utf8')).toContain('-- squawk-ignore ban-drop-column: collaboration state moved out');
  expect(result.stdout).toContain('commit: schema change:\n  ~ table projects: - collaboration_state\n');
}, 240_000);
