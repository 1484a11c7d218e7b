import { randomBytes } from 'node:crypto';
import { buildSchema, isObjectType } from 'graphql';
import { renderGraphqlTypes } from '../src/graphql/graphql-types.ts';
import { tableTypeName } from '../src/emit/ts-names.ts';
import { graphqlArtifacts } from '../src/graphql/files.ts';
import { graphqlInputAs } from '../src/graphql/graphql-input.ts';
import { buildGraphqlSchema } from '../src/graphql/live-schema.ts';
import { graphqlSdlFromIntrospection, printSortedSchema } from '../src/graphql/schema.ts';
import { introspectionAs } from '../src/graphql/introspection-role.ts';
import { introspectCatalog } from '../src/introspect/introspect.ts';
import { apiRoles } from '../src/db/roles.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';

/**
 * The PostGraphile schema of the migrated database, its SDL and the
 * graphql-codegen types made from it.
 */

let db: ScratchDatabase;
let sdl: string;
let tables: string[];

beforeAll(async () => {
  db = await createMigratedDatabase();
  const started = performance.now();
  sdl = printSortedSchema(await buildGraphqlSchema(db.url, { role: apiRoles().visitor }));
  process.stderr.write(`PostGraphile makeSchema (first build in this process): ${Math.round(performance.now() - started)} ms\n`);
  const { rows } = await db.client.query<{ relname: string }>(
    `select c.relname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'app_public' and c.relkind in ('r', 'p') order by 1`,
  );
  tables = rows.map((row) => row.relname);
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('schema.graphql', () => {
  test('built from the introspection text generation already fetched, named for the visitor, it is the schema PostGraphile builds introspecting as the visitor', async () => {
    expect(await graphqlSdlFromIntrospection(graphqlInputAs(await introspectCatalog(db.client), apiRoles().visitor))).toBe(sdl);
  });

  test('a role nothing in the database refers to, created meanwhile on the same server, leaves the visitor\'s introspection unchanged', async () => {
    const before = introspectionAs((await introspectCatalog(db.client)).introspectionText, apiRoles().visitor);
    const stray = `cfdb_stray_${randomBytes(6).toString('hex')}`;
    await db.client.query(`create role ${stray} nologin`);
    try {
      const during = (await introspectCatalog(db.client)).introspectionText;
      expect(during).toContain(stray);
      expect(introspectionAs(during, apiRoles().visitor)).toBe(before);
    } finally {
      await db.client.query(`drop role ${stray}`);
    }
  });

  test('building it leaves no connection open, so the CLI can exit', async () => {
    const { rows } = await db.client.query<{ open: string }>(
      'select count(*) as open from pg_catalog.pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    expect(rows[0]?.open).toBe('0');
  });

  test('every table is an object type named as db.ts names its row', () => {
    const schema = buildSchema(sdl);
    const missing = tables.filter((table) => !isObjectType(schema.getType(tableTypeName({ name: table, tags: {} }))));
    expect(tables.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  test('the subscriptions table keeps its type, and SDL readers do not take it for the subscription root', () => {
    const schema = buildSchema(sdl);
    expect(sdl.startsWith('schema {\n  query: Query\n  mutation: Mutation\n}\n')).toBe(true);
    expect(schema.getSubscriptionType()).toBeUndefined();
    expect(schema.getQueryType()?.getFields()).toHaveProperty('allSubscriptions');
  });

  test('table and column comments are descriptions', async () => {
    const { rows } = await db.client.query<{ table: string | null; column: string | null }>(
      `select obj_description('app_public.users'::regclass, 'pg_class') as table,
              col_description('app_public.users'::regclass, (select attnum from pg_attribute
                 where attrelid = 'app_public.users'::regclass and attname = 'email')) as column`,
    );
    const user = buildSchema(sdl).getType('User');
    if (!isObjectType(user)) throw new Error('no User type');
    expect(user.description).toBe(rows[0]?.table);
    expect(user.getFields().email?.description).toBe(rows[0]?.column);
  });

  test('the printed SDL is sorted and stable: printing it again changes nothing', () => {
    expect(printSortedSchema(buildSchema(sdl))).toBe(sdl);
  });

  test('the artifacts are src/generated/schema.graphql ending in one newline, and graphql.ts as given', () => {
    const types = '// graphql.ts\n';
    expect(graphqlArtifacts({ sdl, types })).toEqual([
      { path: 'src/generated/schema.graphql', contents: `${sdl}\n` },
      { path: 'src/generated/graphql.ts', contents: types },
    ]);
    expect(graphqlArtifacts({ sdl: `${sdl}\n`, types })[0]?.contents).toBe(`${sdl}\n`);
  });
});

describe('graphql.ts', () => {
  test('is deterministic and says it is generated', async () => {
    const started = performance.now();
    const first = await renderGraphqlTypes(sdl);
    process.stderr.write(`graphql-codegen (in process): ${Math.round(performance.now() - started)} ms\n`);
    expect(await renderGraphqlTypes(sdl)).toBe(first);
    expect(first.startsWith('/*\n * Generated by `cfdb generate`: do not edit.')).toBe(true);
  });

  test('maps the scalars to what the server sends over JSON', async () => {
    const text = await renderGraphqlTypes(sdl);
    for (const scalar of ['UUID', 'Datetime', 'BigFloat', 'BigInt', 'Cursor', 'InternetAddress']) {
      expect(text).toContain(`  ${scalar}: { input: string; output: string; }`);
    }
    expect(text).toContain('  JSON: { input: Json; output: Json; }');
    expect(text).toContain('export type Json = ');
  });

  test('a scalar without a mapping fails generation instead of becoming any', async () => {
    await expect(renderGraphqlTypes('scalar Mystery\ntype Query { x: Mystery }')).rejects.toThrow('no TypeScript type for the GraphQL scalar Mystery');
  });
});
