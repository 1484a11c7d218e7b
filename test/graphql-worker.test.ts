import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { compiledEntry } from '../bin/compiled.js';
import { renderGraphqlTypes } from '../src/graphql/graphql-types.ts';
import { GraphqlWorker } from '../src/graphql/graphql-worker.ts';
import { graphqlSdlFromIntrospection, type GraphqlInput } from '../src/graphql/schema.ts';
import { valueSetColumnsOf } from '../src/emit/value-set-columns.ts';
import { introspectCatalog, type CatalogIntrospection } from '../src/introspect/introspect.ts';
import { keyedSourceFiles } from '../src/lib/code-key.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { createEmptyDatabase, createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';

/**
 * The GraphQL worker thread: it answers exactly what the same functions give
 * on the calling thread, reports a failure as an error without dying, and
 * starts with a stack deep enough for PostGraphile on long chains of tables.
 */

/** The thread's input for a catalog as introspectCatalog fetched it (as the owner). */
const inputOf = ({ introspectionText, model }: CatalogIntrospection): GraphqlInput => ({ introspectionText, valueSetColumns: valueSetColumnsOf(model) });

let db: ScratchDatabase;
let catalog: GraphqlInput;
const worker = new GraphqlWorker();

beforeAll(async () => {
  worker.start();
  db = await createMigratedDatabase();
  catalog = inputOf(await introspectCatalog(db.client));
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
async function nestedTypesIntrospection(depth: number): Promise<GraphqlInput> {
  const nested = await createEmptyDatabase();
  try {
    const types = Array.from({ length: depth }, (_, i) => `create type app_public.level_${i + 1} as (inner_value app_public.level_${i});`);
    await nested.client.query(
      ['create schema app_public;', 'create type app_public.level_0 as (leaf integer);', ...types,
        `create table app_public.holder (id integer primary key, deepest app_public.level_${depth});`].join('\n'),
    );
    return inputOf(await introspectCatalog(nested.client));
  } finally {
    await nested.drop();
  }
}

test('the thread has a stack far deeper than the main thread’s 1 MB: it builds a schema that overflows this thread', async () => {
  const deep = await nestedTypesIntrospection(700);
  await expect(graphqlSdlFromIntrospection(deep)).rejects.toThrow(RangeError);
  expect((await worker.build(deep)).sdl).toMatch(/^type Level700 \{$/m);
}, 120_000);

/** The sources of the build a second thread runs, as it reports them, from its start to the answer of one build. */
async function inputsOfTheThreadsBuild(): Promise<string[]> {
  const reported: string[][] = [];
  const reporting = new GraphqlWorker({ onInputs: (paths) => reported.push(paths) });
  try {
    await reporting.build(catalog);
    expect(reported).toHaveLength(1);
    return reported[0] ?? [];
  } finally {
    await reporting.close();
  }
}

describe('the build the thread runs (bin/compiled.js), as it reports its inputs', () => {
  let inputs: string[];
  let bundle: string;
  beforeAll(async () => {
    inputs = await inputsOfTheThreadsBuild();
    // The same files give the same key: this is the build the thread ran, and its folder holds every chunk of it.
    const { file } = await compiledEntry('src/graphql/worker.ts');
    const dir = join(dirname(file), '..', '..');
    bundle = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.js') && !path.split(sep).includes('node_modules'))
      .map((path) => readFileSync(join(dir, path), 'utf8'))
      .join('\n');
  }, 60_000);

  test('holds the worker, the preset and the codegen options, and no package: packages load natively, as installed', () => {
    expect(inputs).toEqual(expect.arrayContaining(['src/graphql/worker.ts', 'src/graphql/schema.ts', 'src/graphql/graphql-types.ts', 'src/api/preset-with.ts']));
    expect(inputs.filter((path) => path.split('/').includes('node_modules'))).toEqual([]);
    expect(bundle).toMatch(/from "postgraphile"/);
  });

  test('builds no SchemaModel: the value sets come as data, so neither src/introspect/ nor libpg-query (its WASM parser) is loaded', () => {
    expect(inputs.filter((path) => path.startsWith('src/introspect/') || path.startsWith('src/model/'))).toEqual([]);
    expect(bundle).not.toMatch(/libpg-query/);
  });

  test('are all among the files the GraphQL cache key hashes (src/lib/code-key.ts), none of them a generated output', () => {
    const keyed = new Set(keyedSourceFiles(repoRoot));
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter((path) => !keyed.has(path))).toEqual([]);
  });
});
