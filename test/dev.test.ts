import { appendFileSync, chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateArtifacts } from '../src/generate/artifacts.ts';
import { readGeneratedFiles, writeChangedArtifacts } from '../src/generate/files.ts';
import { cliEnv, copyMigrations, runCliInProcess } from './helpers/cli.ts';
import { createEmptyDatabase, createMigratedDatabase, databaseUrl, rootUrl, type ScratchDatabase } from './helpers/database.ts';
import { DevProcess } from './helpers/dev-process.ts';
import { copyInitialisedCluster } from './helpers/initialised-cluster.ts';
import { freePort } from './helpers/ports.ts';
import { withClient } from '../src/db/client.ts';
import { makeTempDir } from './helpers/temp-dir.ts';
import { nextMigrationNumber } from './helpers/migrations.ts';

const nextNumber = nextMigrationNumber();

/**
 * `cfdb dev` driven as a person drives it: a child process watching a copy of
 * migrations/current.sql, regenerating into a copy of the generated tree,
 * against a scratch database; then `cfdb commit` and `cfdb migrate` on the
 * result.
 */

const BLANK = '-- Enter migration here\n';

const addArchivedAt = `${BLANK}-- squawk-ignore ban-drop-column: re-run guard, the column is added again below
alter table app_public.projects drop column if exists archived_at;
alter table app_public.projects add column archived_at timestamptz;
comment on column app_public.projects.archived_at is 'When the project was archived; null while it is active.';
`;

/** addArchivedAt with a typo on line 6. */
const broken = `${addArchivedAt}creat index projects_archived_at_idx on app_public.projects (archived_at);
`;

const fixed = `${addArchivedAt}-- squawk-ignore ban-drop-column: re-run guard, the column is added again below
alter table app_public.projects drop column if exists done_at;
alter table app_public.projects add column done_at timestamptz;
comment on column app_public.projects.done_at is 'When the project was finished.';
`;

const addDisplayName = `${BLANK}-- squawk-ignore ban-drop-column: re-run guard, the column is added again below
alter table app_public.users drop column if exists display_name;
alter table app_public.users add column display_name text;
comment on column app_public.users.display_name is 'Name shown to other users; optional.';
`;

let db: ScratchDatabase;
let migrations: string;
let tree: string;

function readTree(): Map<string, Buffer> {
  return new Map([...readGeneratedFiles(tree)].map(([path, bytes]) => [path, Buffer.from(bytes)]));
}

function mtimes(): Map<string, number> {
  return new Map([...readGeneratedFiles(tree).keys()].map((path) => [path, statSync(join(tree, path)).mtimeMs]));
}

function projectsDdl(): string {
  const file = readdirSync(join(tree, 'ddl/tables')).find((name) => /^\d{3}_create_projects\.sql$/.test(name));
  if (!file) throw new Error('no ddl/tables/NNN_create_projects.sql');
  return readFileSync(join(tree, 'ddl/tables', file), 'utf8');
}

const generated = (path: string): string => readFileSync(join(tree, path), 'utf8');

beforeAll(async () => {
  db = await createMigratedDatabase();
  migrations = copyMigrations();
  tree = makeTempDir('cfdb-dev-tree');
  writeChangedArtifacts(tree, (await generateArtifacts(db.url)).artifacts);
}, 180_000);

afterAll(async () => {
  await db?.drop();
  rmSync(migrations, { recursive: true, force: true });
  rmSync(tree, { recursive: true, force: true });
});

test('cfdb dev --help describes the loop', async () => {
  const result = await runCliInProcess(['dev', '--help'], cliEnv({}));
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('usage: cfdb dev');
});

describe('cfdb dev', () => {
  let dev: DevProcess;
  let seen = 0;

  beforeAll(() => {
    dev = new DevProcess(cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: tree }));
  });
  afterAll(async () => {
    await dev?.interrupt();
  });

  /** Saves current.sql and returns the line of the turn it causes. */
  async function save(sql: string): Promise<string> {
    await dev.waitForLine(/^dev: watching /);
    writeFileSync(join(migrations, 'current.sql'), sql);
    const { line, index } = await dev.nextTurn(seen);
    seen = index + 1;
    return line;
  }

  test('first regenerates from the database, and finds the generated files already current', async () => {
    const { line, index } = await dev.nextTurn(0, 120_000);
    seen = index + 1;
    expect(line).toMatch(
      /^dev: current\.sql (applied|unchanged apart from comments and whitespace); no generated file changed in \d+(\.\d)? m?s; GraphQL unchanged in \d+(\.\d)? m?s; diagrams unchanged in /,
    );
  }, 150_000);

  test('a saved column appears in db.ts, the GraphQL schema and its table’s DDL, and only changed files are written', async () => {
    const before = mtimes();
    const line = await save(addArchivedAt);
    expect(line).toMatch(/^dev: current\.sql applied; \d+ files changed \(.*\) in \d+/);
    expect(generated('src/generated/db.ts')).toMatch(/archived_at: Date \| null;/);
    expect(generated('src/generated/schema.graphql')).toContain('archivedAt: Datetime');
    expect(projectsDdl()).toContain('archived_at timestamp with time zone');
    expect(generated('docs/tables/projects.md')).toContain('archived_at');

    const after = mtimes();
    const rewritten = [...after].filter(([path, mtime]) => before.get(path) !== mtime).map(([path]) => path).sort();
    expect(rewritten).toEqual(expect.arrayContaining(['src/generated/db.ts', 'src/generated/schema.graphql', 'docs/tables/projects.md']));
    // A table the change does not touch keeps its files as they were.
    expect(rewritten).not.toContain('docs/tables/users.md');
    expect(rewritten).not.toContain('docs/diagrams/identity-and-teams.png');
    // The line counts the model's files first, then GraphQL's, then the diagrams, each phase on its own.
    const modelFiles = rewritten.filter((path) => !path.startsWith('docs/diagrams/') && !/^src\/generated\/(schema\.graphql|graphql\.ts)$/.test(path));
    const diagrams = rewritten.filter((path) => path.startsWith('docs/diagrams/'));
    expect(line).toContain(` ${modelFiles.length} files changed (`);
    expect(line).toContain('; GraphQL 2 changed in ');
    expect(line).toContain(`; diagrams ${diagrams.length} changed in `);
  }, 150_000);

  test('an invalid statement is reported with its file, line, statement and message, and leaves every file as it was', async () => {
    // A file the loop would put back if it regenerated anything after the error.
    appendFileSync(join(tree, 'docs/tables/users.md'), '\nhand edit\n');
    const before = readTree();
    const line = await save(broken);
    expect(line).toBe(
      `dev: ${join(migrations, 'current.sql')}:6: syntax error at or near "creat" (42601) in: creat index projects_archived_at_idx on app_public.projects (archived_at); ` +
        '— generated files left as they were; fix current.sql and save again',
    );
    const after = readTree();
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [path, bytes] of after) expect({ path, same: bytes.equals(before.get(path) ?? Buffer.alloc(0)) }).toEqual({ path, same: true });
  }, 150_000);

  test('saving the fixed file recovers', async () => {
    const line = await save(fixed);
    expect(line).toMatch(/^dev: current\.sql applied; \d+ files changed/);
    expect(generated('docs/tables/users.md')).not.toContain('hand edit');
    expect(generated('src/generated/db.ts')).toMatch(/done_at: Date \| null;/);
    expect(generated('src/generated/db.ts')).toMatch(/archived_at: Date \| null;/);
  }, 150_000);

  test('the model’s files land even when the GraphQL phase fails, and the line names the phase that failed', async () => {
    // A second column PostGraphile would name `name`: its schema build refuses, while db.ts uses column names as they are.
    const clash = `${fixed}alter table app_public.projects drop column if exists devloop_clash;
alter table app_public.projects add column devloop_clash text;
comment on column app_public.projects.devloop_clash is E'@name name\\nClashes with projects.name in the GraphQL API only.';
`;
    const sdl = generated('src/generated/schema.graphql');
    const types = generated('src/generated/graphql.ts');
    const line = await save(clash);
    expect(line).toMatch(
      /^dev: current\.sql applied; \d+ files changed \(.*\) in \d+(\.\d)? m?s; GraphQL failed: PostGraphile could not build the GraphQL schema: A naming conflict has occurred - two entities have tried to define the same key 'name'\. — schema\.graphql, graphql\.ts and the diagrams left as they were; fix current\.sql and save again$/,
    );
    expect(generated('src/generated/db.ts')).toMatch(/devloop_clash: string \| null;/);
    expect(projectsDdl()).toContain('devloop_clash text');
    expect(generated('src/generated/schema.graphql')).toBe(sdl);
    expect(generated('src/generated/graphql.ts')).toBe(types);

    // Leaving the statements out would not undo them: the fixed file drops the column.
    const recovered = await save(`${fixed}-- squawk-ignore ban-drop-column: removes the clashing column an earlier save added
alter table app_public.projects drop column if exists devloop_clash;
`);
    expect(recovered).toMatch(/^dev: current\.sql applied; \d+ files changed \(.*\) in .*; GraphQL unchanged in .*; diagrams /);
    expect(generated('src/generated/db.ts')).not.toContain('devloop_clash');
  }, 150_000);

  test('Ctrl-C stops it cleanly', async () => {
    expect(await dev.interrupt()).toBe(0);
    expect(dev.lines).toContain('dev: stopping');
  }, 60_000);
});

describe('cfdb commit after the loop', () => {
  const shadow = `${Math.random().toString(36).slice(2, 8)}_cfdb_dev_shadow`;
  let fresh: ScratchDatabase;
  afterAll(async () => {
    await fresh?.drop();
    await withClient(rootUrl(), (client) => client.query(`drop database if exists ${client.escapeIdentifier(shadow)} with (force)`));
  });

  test('writes a hashed migration that migrate applies to a fresh database, and blanks current.sql', async () => {
    const env = cliEnv({
      DATABASE_URL: db.url,
      SHADOW_DATABASE_URL: databaseUrl(shadow),
      ROOT_DATABASE_URL: rootUrl(),
      CFDB_MIGRATIONS_DIR: migrations,
      CFDB_OUTPUT_DIR: tree,
    });
    const result = await runCliInProcess(['commit', '-m', 'projects: archived_at and done_at'], env);
    expect(result.stderr).not.toMatch(/^cfdb /m);
    expect(result.code).toBe(0);

    const file = join(migrations, 'committed', `${nextNumber}-projects-archived_at-and-done_at.sql`);
    expect(result.stdout).toContain(`commit: wrote ${file}; current.sql is blank again`);
    expect(result.stdout).toContain(
      'commit: schema change:\n  ~ table projects: + archived_at timestamp with time zone; + done_at timestamp with time zone\n',
    );
    expect(readFileSync(join(migrations, 'current.sql'), 'utf8')).toBe(BLANK);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^--! Previous: sha1:[0-9a-f]{40}\n--! Hash: sha1:[0-9a-f]{40}\n--! Message: projects: archived_at and done_at\n/);
    expect(text).toContain('add column done_at timestamptz;');
    // Regenerated from the committed state: the columns stay in the generated files.
    expect(generated('src/generated/db.ts')).toMatch(/done_at: Date \| null;/);

    fresh = await createEmptyDatabase();
    const migrated = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: fresh.url, CFDB_MIGRATIONS_DIR: migrations }));
    expect(migrated.stderr).not.toMatch(/^cfdb /m);
    expect(migrated.code).toBe(0);
    const { rows } = await fresh.client.query<{ column_name: string }>(
      `select column_name from information_schema.columns
        where table_schema = 'app_public' and table_name = 'projects' and column_name in ('archived_at', 'done_at') order by 1`,
    );
    expect(rows.map((r) => r.column_name)).toEqual(['archived_at', 'done_at']);
  }, 240_000);
});

describe('cfdb dev when committed migrations arrive (a teammate’s, after a pull)', () => {
  let behind: ScratchDatabase;
  afterAll(async () => behind?.drop());

  test('applies them, then runs current.sql again on top of them although it has not changed', async () => {
    // A database without the migration committed above, where the current work has already run.
    behind = await createMigratedDatabase();
    // The checkout's migrations: without the one committed above.
    const before = copyMigrations();
    writeFileSync(join(before, 'current.sql'), addDisplayName);
    const once = await runCliInProcess(['watch', '--once'], cliEnv({ DATABASE_URL: behind.url, CFDB_MIGRATIONS_DIR: before }));
    rmSync(before, { recursive: true, force: true });
    expect(once.code).toBe(0);

    // After the pull: the same current.sql, and the migration committed above.
    writeFileSync(join(migrations, 'current.sql'), addDisplayName);
    const dev = new DevProcess(cliEnv({ DATABASE_URL: behind.url, CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: tree }));
    try {
      await dev.waitForLine(new RegExp(`^dev: Running migration '${nextNumber}-`));
      const { line } = await dev.nextTurn(0, 120_000);
      expect(line).toMatch(/^dev: current\.sql applied; /);
    } finally {
      expect(await dev.interrupt()).toBe(0);
    }
  }, 240_000);
});

describe('cfdb dev on the embedded server', () => {
  test('Ctrl-C stops the server it started, keeping its data, and leaves no postgres behind', async () => {
    const dataDir = makeTempDir('cfdb-dev-pg');
    // Run as root, the server runs as the postgres user, who must reach the folder.
    chmodSync(dataDir, 0o755);
    copyInitialisedCluster(join(dataDir, 'pg'));
    const output = makeTempDir('cfdb-dev-out');
    const dev = new DevProcess(
      cliEnv({ CFDB_DATA_DIR: join(dataDir, 'pg'), CFDB_PG_PORT: String(await freePort()), CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: output }),
    );
    try {
      await dev.waitForLine(/^dev: watching /, 0, 180_000);
      const pidFile = join(dataDir, 'pg', 'postmaster.pid');
      expect(existsSync(pidFile)).toBe(true);
      const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      await dev.nextTurn(0, 180_000);

      expect(await dev.interrupt()).toBe(0);
      expect(existsSync(pidFile)).toBe(false);
      expect(() => process.kill(postmaster, 0)).toThrow();
      expect(existsSync(join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    } finally {
      await dev.interrupt();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(output, { recursive: true, force: true });
    }
  }, 300_000);
});
