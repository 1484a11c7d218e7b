import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareArtifacts } from '../src/generate/compare.ts';
import { generateArtifacts, type Generation } from '../src/generate/artifacts.ts';
import { applyArtifacts } from '../src/generate/files.ts';
import { cliEnv, failureLines, runCliInProcess } from './helpers/cli.ts';
import { createMigratedDatabase, rootUrl, type ScratchDatabase } from './helpers/database.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

/**
 * `cfdb check` against a previous commit: a copy of the generated tree in a
 * git repository of its own, whose first commit plants an API the committed
 * migrations no longer produce (a field of User, an export of db.ts), and
 * whose second commit is the tree as generated.
 */

let db: ScratchDatabase;
let generation: Generation;
let tree: string;
let planted: string;

const git = (...args: string[]): string =>
  execFileSync('git', ['-C', tree, '-c', 'user.name=cfdb test', '-c', 'user.email=test@example.com', ...args], { encoding: 'utf8' }).trim();

beforeAll(async () => {
  db = await createMigratedDatabase();
  generation = await generateArtifacts(db.url);
  tree = makeTempDir('cfdb-check-tree');
  applyArtifacts(tree, generation.artifacts, compareArtifacts(generation.artifacts, new Map()));
  const sdlPath = join(tree, 'src/generated/schema.graphql');
  const typesPath = join(tree, 'src/generated/db.ts');
  const sdl = readFileSync(sdlPath, 'utf8');
  const types = readFileSync(typesPath, 'utf8');
  git('init', '--quiet');
  writeFileSync(sdlPath, sdl.replace(/^type User implements Node \{\n/m, (line) => `${line}  plantedField: Int\n`));
  writeFileSync(typesPath, `${types}\nexport type PlantedExport = string;\n`);
  git('add', '.');
  git('commit', '--quiet', '-m', 'planted');
  planted = git('rev-parse', 'HEAD');
  writeFileSync(sdlPath, sdl);
  writeFileSync(typesPath, types);
  git('commit', '--quiet', '-am', 'as generated');
}, 180_000);

afterAll(async () => {
  await db?.drop();
});

const check = (...args: string[]) =>
  runCliInProcess(['check', ...args], cliEnv({ DATABASE_URL: db.url, ROOT_DATABASE_URL: rootUrl(), CFDB_OUTPUT_DIR: tree }));

test('the plant is in place: the generated SDL has no User.plantedField', () => {
  const sdl = generation.artifacts.find((a) => a.path === 'src/generated/schema.graphql')?.contents;
  expect(sdl).toContain('type User implements Node {');
  expect(sdl).not.toContain('plantedField');
});

test('check --fail-on-breaking passes against HEAD, which the tree matches', async () => {
  const result = await check('--fail-on-breaking');
  expect(failureLines(result)).toEqual([]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('check: no breaking changes to the API (against HEAD)');
}, 120_000);

test('check --fail-on-breaking --against a commit with more API fails, printing each breaking change', async () => {
  const result = await check('--fail-on-breaking', '--against', planted);
  expect(result.code).toBe(1);
  const lines = result.stderr.split('\n');
  expect(lines).toContain("check: schema.graphql: breaking: Field 'plantedField' was removed from object type 'User'");
  expect(lines).toContain("check: db.ts: breaking: Export 'PlantedExport' was removed");
  expect(result.stdout).toContain(`check: 2 breaking changes (schema.graphql 1, db.ts 1) (against ${planted})`);
  expect(failureLines(result)).toEqual([
    `cfdb check failed: 2 breaking changes to the API against ${planted} (--fail-on-breaking); keep the old field, type or value alongside the new one, or drop the flag for a deliberate break.`,
  ]);
}, 120_000);

test('without --fail-on-breaking the same changes are printed and check passes', async () => {
  const result = await check('--against', planted);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain("check: schema.graphql: breaking: Field 'plantedField' was removed from object type 'User'");
}, 120_000);

test('--against a ref the repository does not have is one line naming it, before any database work', async () => {
  const result = await check('--against', 'no-such-branch');
  expect(result.code).toBe(1);
  expect(failureLines(result)).toEqual([
    `cfdb check failed: --against no-such-branch: no such commit in the git repository at ${tree}; fetch it first (e.g. \`git fetch origin main\`) or name another ref.`,
  ]);
}, 120_000);
