import { join, relative } from 'node:path';
import { renderGraphqlTypes } from '../src/emit/graphql-types.ts';
import { GraphqlWorker, PRELOADED_PACKAGES } from '../src/graphql/graphql-worker.ts';
import { graphqlRecipe } from '../src/graphql/recipe.ts';
import { graphqlSdlFromIntrospection, type FetchedCatalog } from '../src/graphql/schema.ts';
import { introspectCatalog } from '../src/introspect/introspect.ts';
import { moduleClosure } from '../src/lib/module-closure.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';

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

test('the thread has a stack far deeper than the main thread’s 1 MB', () => {
  expect(worker.start().resourceLimits?.stackSizeMb).toBeGreaterThanOrEqual(64);
});

test('PRELOADED_PACKAGES lists every package the worker thread loads, so none of them goes through the TypeScript loader', () => {
  const closure = moduleClosure(join(repoRoot, 'src/graphql/worker.ts'));
  expect(closure.files.map((file) => relative(repoRoot, file))).toContain('src/graphql/schema.ts');
  expect(closure.packages).toEqual([...PRELOADED_PACKAGES].sort());
});

test('the GraphQL cache key covers the preset and codegen options: graphqlRecipe hashes every module the thread runs', () => {
  const files = moduleClosure(join(repoRoot, 'src/graphql/worker.ts')).files.map((file) => relative(repoRoot, file));
  expect(files).toEqual(expect.arrayContaining(['src/graphql/schema.ts', 'src/emit/graphql-types.ts', 'src/graphql/quiet-grafast.ts']));
  expect(graphqlRecipe()).toMatch(/^[0-9a-f]{64}$/);
  expect(graphqlRecipe()).toBe(graphqlRecipe());
});
