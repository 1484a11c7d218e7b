import { appendFileSync, cpSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderGraphqlTypes } from '../src/graphql/graphql-types.ts';
import { GraphqlWorker, PRELOADED_PACKAGES } from '../src/graphql/graphql-worker.ts';
import { graphqlRecipe } from '../src/graphql/recipe.ts';
import { graphqlSdlFromIntrospection, type FetchedCatalog } from '../src/graphql/schema.ts';
import { introspectCatalog } from '../src/introspect/introspect.ts';
import { moduleClosure } from '../src/lib/module-closure.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { createEmptyDatabase, createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

/**
 * The GraphQL worker thread: it answers exactly what the same functions give
 * on the calling thread, reports a failure as an error without dying, and
 * starts with a stack deep enough for PostGraphile on long chains of tables.
 */

let db: ScratchDatabase;
let catalog: FetchedCatalog;
const worker = new GraphqlWorker();

beforeAll(async () => {
  worker.start();
  db = await createMigratedDatabase();
  const { introspectionText, catalogTexts } = await introspectCatalog(db.client);
  catalog = { introspectionText, catalogTexts };
}, 120_000);

afterAll(async () => {
  await worker.close();
  await db?.drop();
});

test('answers with the SDL and graphql.ts the same functions give on this thread', async () => {
  const output = await worker.build(catalog);
  const sdl = await graphqlSdlFromIntrospection(catalog);
  expect(output.sdl).toBe(sdl);
  expect(output.types).toBe(await renderGraphqlTypes(sdl));
  expect(Object.keys(output.timings).sort()).toEqual(['graphql codegen', 'graphql schema']);
}, 60_000);

test('a failure comes back as an error naming the cause, and the thread answers the next request', async () => {
  await expect(worker.build({ ...catalog, introspectionText: '{"not": "an introspection"}' })).rejects.toThrow(/^PostGraphile could not build the GraphQL schema: \w/);
  const output = await worker.build(catalog);
  expect(output.sdl).toMatch(/^type Query /m);
}, 60_000);

test('requests in flight fail when the thread is closed, and a later build starts a new one', async () => {
  const inFlight = worker.build({ ...catalog, introspectionText: `${catalog.introspectionText} ` });
  await worker.close();
  await expect(inFlight).rejects.toThrow('the GraphQL worker thread was closed before it answered');
  expect((await worker.build(catalog)).sdl).toMatch(/^type Query /m);
}, 60_000);

/** 700 composite types, each a field of the next: PostGraphile builds their GraphQL types recursively, too deep for about 1 MB of stack. */
async function nestedTypesIntrospection(depth: number): Promise<FetchedCatalog> {
  const nested = await createEmptyDatabase();
  try {
    const types = Array.from({ length: depth }, (_, i) => `create type app_public.level_${i + 1} as (inner_value app_public.level_${i});`);
    await nested.client.query(
      ['create schema app_public;', 'create type app_public.level_0 as (leaf integer);', ...types,
        `create table app_public.holder (id integer primary key, deepest app_public.level_${depth});`].join('\n'),
    );
    const { introspectionText, catalogTexts } = await introspectCatalog(nested.client);
    return { introspectionText, catalogTexts };
  } finally {
    await nested.drop();
  }
}

test('the thread has a stack far deeper than the main thread’s 1 MB: it builds a schema that overflows this thread', async () => {
  const deep = await nestedTypesIntrospection(700);
  await expect(graphqlSdlFromIntrospection(deep)).rejects.toThrow(RangeError);
  expect((await worker.build(deep)).sdl).toMatch(/^type Level700 \{$/m);
}, 120_000);

test('PRELOADED_PACKAGES lists every package the worker thread loads, so none of them goes through the TypeScript loader', () => {
  const closure = moduleClosure(join(repoRoot, 'src/graphql/worker.ts'));
  expect(closure.files.map((file) => relative(repoRoot, file))).toContain('src/graphql/schema.ts');
  expect(closure.packages).toEqual([...PRELOADED_PACKAGES].sort());
});

test('the GraphQL cache key covers the preset and codegen options: graphqlRecipe hashes every module the thread runs', () => {
  const files = moduleClosure(join(repoRoot, 'src/graphql/worker.ts')).files.map((file) => relative(repoRoot, file));
  expect(files).toEqual(expect.arrayContaining(['src/graphql/schema.ts', 'src/graphql/graphql-types.ts', 'src/graphql/quiet-grafast.ts']));
  expect(graphqlRecipe()).toMatch(/^[0-9a-f]{64}$/);
});

/**
 * graphqlRecipe from a copy of the checkout (the thread's modules, recipe.ts, package.json and the lock file) in a temp folder,
 * edited by `edit`: each copy is a module of its own, so its memo is too, and the hash is computed afresh.
 */
async function recipeOfCopy(edit: (root: string) => void): Promise<string | undefined> {
  const root = makeTempDir('cfdb-recipe');
  const recipeModule = join(repoRoot, 'src/graphql/recipe.ts');
  const files = [...moduleClosure(join(repoRoot, 'src/graphql/worker.ts')).files, ...moduleClosure(recipeModule).files, join(repoRoot, 'src/cli.ts')];
  for (const file of [...files, ...['package.json', 'package-lock.json'].map((name) => join(repoRoot, name))]) {
    const target = join(root, relative(repoRoot, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  edit(root);
  const copy = (await import(pathToFileURL(join(root, relative(repoRoot, recipeModule))).href)) as { graphqlRecipe(): string | undefined };
  return copy.graphqlRecipe();
}

test('graphqlRecipe depends on what the thread runs and nothing else: the same files anywhere give the same hash, an edit to any of them another', async () => {
  const untouched = await recipeOfCopy(() => undefined);
  expect(untouched).toBe(graphqlRecipe());
  expect(await recipeOfCopy((root) => appendFileSync(join(root, 'src/cli.ts'), '// not run by the thread\n'))).toBe(untouched);
  for (const edited of ['src/graphql/schema.ts', 'src/graphql/graphql-types.ts', 'package-lock.json']) {
    expect(await recipeOfCopy((root) => appendFileSync(join(root, edited), '\n'))).not.toBe(untouched);
  }
}, 60_000);
