import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateArtifacts } from '../src/generate/artifacts.ts';
import { writeChangedArtifacts } from '../src/generate/files.ts';
import { domainsPath } from '../src/lib/paths.ts';
import { cliEnv, copyMigrations, failureLines, runCliInProcess } from './helpers/cli.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { DevProcess } from './helpers/dev-process.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

/**
 * Guard rails on the development loop: one loop per database, and a saved
 * domain map (a copy of src/model/domains.json5) regenerates like a saved current.sql.
 */

let db: ScratchDatabase;
let migrations: string;
let tree: string;
let domains: string;
let dev: DevProcess;
let env: NodeJS.ProcessEnv;
let seen = 0;

const brandKitsDoc = (): string => readFileSync(join(tree, 'docs/tables/brand_kits.md'), 'utf8');

beforeAll(async () => {
  db = await createMigratedDatabase();
  migrations = copyMigrations();
  tree = makeTempDir('cfdb-dev-guards-tree');
  domains = join(makeTempDir('cfdb-domains'), 'domains.json5');
  copyFileSync(domainsPath, domains);
  writeChangedArtifacts(tree, (await generateArtifacts(db.url)).artifacts);
  env = cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: tree, CFDB_DOMAINS_FILE: domains });
  dev = new DevProcess(env);
  seen = (await dev.nextTurn(0, 120_000)).index + 1;
}, 180_000);

afterAll(async () => {
  await dev?.interrupt();
  await db?.drop();
});

test('a second dev or watch on the same database refuses, naming the running dev, and touches nothing', async () => {
  const readme = statSync(join(tree, 'docs/README.md')).mtimeMs;
  const holder = (command: string): RegExp =>
    new RegExp(
      `^cfdb ${command} failed: ${command} refuses to start: cfdb dev \\(pid ${dev.pid}\\) \\(backend pid \\d+\\) already runs a development loop ` +
        `on database "${db.name}"; use that one, or stop it \\(Ctrl-C in its terminal\\) first\\.$`,
    );
  const second = await runCliInProcess(['dev'], env);
  expect(second.code).toBe(1);
  expect(failureLines(second)).toEqual([expect.stringMatching(holder('dev'))]);
  const watch = await runCliInProcess(['watch', '--once'], env);
  expect(watch.code).toBe(1);
  expect(failureLines(watch)).toEqual([expect.stringMatching(holder('watch'))]);
  expect(statSync(join(tree, 'docs/README.md')).mtimeMs).toBe(readme);
}, 120_000);

test('saving the domain map regenerates the docs and diagrams grouped by it', async () => {
  expect(brandKitsDoc()).toContain('Domain: [Creative workspace]');
  const text = readFileSync(domains, 'utf8');
  writeFileSync(domains, text.replace(", 'brand_kits']", ']').replace("'api_clients']", "'api_clients', 'brand_kits']"));
  const { line, index } = await dev.waitForLine(/^dev: \S*domains\.json5 /, seen);
  seen = index + 1;
  expect(line).toMatch(new RegExp(`^dev: ${domains} reloaded; current\\.sql unchanged apart from comments and whitespace; \\d+ files changed \\(.*docs/tables/brand_kits\\.md`));
  expect(brandKitsDoc()).toContain('Domain: [Identity & teams]');
}, 120_000);

test('a mistake in the domain map is one line naming the file, and the generated files stay as they were', async () => {
  const before = brandKitsDoc();
  writeFileSync(domains, "[{ slug: 'Identity Teams', title: 'Identity', summary: 'People.', tables: ['users'] }]\n");
  // A save can reach the watcher as two events: wait for the turn that read the broken file.
  const { line, index } = await dev.waitForLine(/^dev: \S*domains\.json5: /, seen);
  seen = index + 1;
  expect(line).toBe(
    `dev: ${domains}: domain 1: slug "Identity Teams" is not a file name of lowercase words joined by hyphens. — generated files left as they were; fix it and save again`,
  );
  expect(brandKitsDoc()).toBe(before);
}, 120_000);

test('an error PostgreSQL gives no position for still names current.sql:line and the SQLSTATE', async () => {
  writeFileSync(join(migrations, 'current.sql'), '-- Enter migration here\ncreate table app_public.users (id int);\n');
  const { line, index } = await dev.waitForLine(/^dev: \S*current\.sql:\d+: /, seen);
  seen = index + 1;
  expect(line).toBe(
    `dev: ${join(migrations, 'current.sql')}:2: relation "users" already exists (42P07) in: create table app_public.users (id int);; ` +
      'migrations run again on every save and commit, so drop what the file creates (if exists) before creating it ' +
      '— generated files left as they were; fix current.sql and save again',
  );
}, 120_000);
