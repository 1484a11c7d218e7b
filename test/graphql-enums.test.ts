import { getNamedType, isEnumType, isInputObjectType, isObjectType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import pg from 'pg';
import { makeSchema } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafast } from 'postgraphile/grafast';
import { preset } from '../src/api/graphile.config.ts';
import { valueSetColumns as generatedValueSetColumns } from '../src/api/value-sets.ts';
import { planTable, type ValueSetNames } from '../src/emit/db-type-names.ts';
import { valueSetColumnsOf } from '../src/emit/value-set-columns.ts';
import { camelCase } from '../src/emit/ts-names.ts';
import { apiRoles } from '../src/db/roles.ts';
import { buildGraphqlSchema } from '../src/graphql/live-schema.ts';
import { graphqlPreset, printSortedSchema } from '../src/graphql/schema.ts';
import { introspectSchema } from '../src/introspect/introspect.ts';
import type { ColumnModel, SchemaModel, TableModel } from '../src/model/schema-model.ts';
import { insertGoodRows, type RowIds } from './fixtures/good-rows.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { outcome } from './helpers/visitor.ts';

/**
 * CHECK value sets as GraphQL enums (src/api/value-set-enums.ts): one
 * enum per value set of the model, named and valued as db.ts's union; the
 * columns use it wherever the API has them; the exported preset carries the
 * model's list (src/api/value-sets.ts) and builds the same schema as
 * generation; an enum value round-trips through the live schema as the
 * visitor; and the database still rejects an unknown value with the CHECK's
 * name.
 */

interface ValueSetColumn {
  table: TableModel;
  column: ColumnModel & { valueSet: NonNullable<ColumnModel['valueSet']> };
  names: ValueSetNames;
  row: string;
}

let db: ScratchDatabase;
let model: SchemaModel;
let valueSetColumns: ValueSetColumn[];
/** The schema of the table owner, which every column reaches, and the visitor's. */
let ownerSchema: GraphQLSchema;
let visitorSchema: GraphQLSchema;

beforeAll(async () => {
  db = await createMigratedDatabase();
  model = await introspectSchema(db.client);
  valueSetColumns = model.tables.flatMap((table) => {
    const plan = planTable(table);
    return table.columns.flatMap((column) => {
      const names = plan.valueSets.get(column.name);
      return names && column.valueSet ? [{ table, column: { ...column, valueSet: column.valueSet }, names, row: plan.row }] : [];
    });
  });
  const { rows } = await db.client.query<{ user: string }>('select current_user as user');
  ownerSchema = await buildGraphqlSchema(db.url, { role: rows[0]?.user ?? 'postgres' });
  visitorSchema = await buildGraphqlSchema(db.url, { role: apiRoles().visitor });
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

function fieldType(schema: GraphQLSchema, typeName: string, field: string): GraphQLNamedType | undefined {
  const type = schema.getType(typeName);
  if (!isObjectType(type) && !isInputObjectType(type)) return undefined;
  const found = type.getFields()[field];
  return found && getNamedType(found.type);
}

describe('value sets as GraphQL enums', () => {
  test('the model has value sets to check', () => {
    expect(valueSetColumns.length).toBeGreaterThan(10);
  });

  test('each is an enum named like the db.ts union, with exactly its values, spelled as in the database', () => {
    const found = valueSetColumns.map(({ names }) => {
      const type = visitorSchema.getType(names.type);
      return { name: names.type, values: isEnumType(type) ? type.getValues().map((value) => [value.name, value.value]) : type?.toString() };
    });
    const expected = valueSetColumns.map(({ names, column }) => ({ name: names.type, values: column.valueSet.values.map((value) => [value, value]) }));
    expect(found).toEqual(expected);
  });

  test('the enum says which column and CHECK it comes from', () => {
    const { names, table, column } = valueSetColumns.find(({ column }) => column.name === 'subscription_tier') ?? {};
    expect(names && visitorSchema.getType(names.type)?.description).toBe(`A value ${table?.name}.${column?.name} allows (CHECK constraint ${column?.valueSet.constraint}).`);
  });

  test('every value-set column has its enum in the object type, the create input and the patch, and in the condition where it has one', () => {
    const mismatches = valueSetColumns.flatMap(({ column, names, row }) =>
      [row, `${row}Input`, `${row}Patch`, `${row}Condition`].flatMap((typeName) => {
        const type = fieldType(ownerSchema, typeName, camelCase(column.name));
        // PostGraphile offers a condition only on an indexed column.
        if (!type && typeName.endsWith('Condition')) return [];
        return type?.name === names.type ? [] : [`${typeName}.${camelCase(column.name)}: ${type?.name ?? 'missing'}`];
      }),
    );
    expect(mismatches).toEqual([]);
  });

  test("the visitor's API uses the enum wherever it has the column (object types for all, inputs where granted)", () => {
    const typeNames = (row: string): string[] => [row, `${row}Input`, `${row}Patch`, `${row}Condition`];
    const fields = valueSetColumns.flatMap(({ column, names, row }) =>
      typeNames(row).flatMap((typeName) => {
        const type = fieldType(visitorSchema, typeName, camelCase(column.name));
        return type ? [{ field: `${typeName}.${camelCase(column.name)}`, type: type.name, expected: names.type }] : [];
      }),
    );
    expect(fields.filter(({ type, expected }) => type !== expected)).toEqual([]);
    // The two columns the visitor may write (grants in 000002) are in its inputs.
    expect(fields.filter(({ field }) => /(Input|Patch)\./.test(field)).map(({ field }) => field).sort()).toEqual([
      'AssetInput.type',
      'TeamMemberInput.role',
      'TeamMemberPatch.role',
    ]);
    expect(fields.filter(({ field }) => !/(Input|Patch|Condition)\./.test(field))).toHaveLength(valueSetColumns.length);
  });

  test('a value-set column keeps orderBy wherever it has a condition (both follow its index), though PostGraphile drops orderBy for enums', () => {
    const orderable = valueSetColumns.map(({ column, row }) => {
      const orderBy = visitorSchema.getType(`${row}OrderBy`);
      const values = isEnumType(orderBy) ? orderBy.getValues().map((value) => value.name) : [];
      return {
        column: `${row}.${column.name}`,
        condition: fieldType(visitorSchema, `${row}Condition`, camelCase(column.name)) !== undefined,
        orderBy: values.includes(`${column.name.toUpperCase()}_ASC`) && values.includes(`${column.name.toUpperCase()}_DESC`),
      };
    });
    // Some columns have a condition (an index leads with them; 000004 dropped the unused single-column ones), so the next line compares something.
    expect(orderable.filter(({ condition }) => condition).length).toBeGreaterThan(0);
    expect(orderable.filter(({ condition, orderBy }) => condition !== orderBy)).toEqual([]);
  });
});

describe('the exported preset (@creativeflow/db/graphile.config)', () => {
  test("carries the model's value sets: the generated list is this database's, by table then column", () => {
    const fromModel = valueSetColumns
      .map(({ table, column, names }) => ({
        schema: model.schema,
        table: table.name,
        column: column.name,
        type: names.type,
        values: column.valueSet.values,
        constraint: column.valueSet.constraint,
      }))
      .sort((a, b) => (a.table === b.table ? Number(a.column > b.column) - Number(a.column < b.column) : Number(a.table > b.table) - Number(a.table < b.table)));
    expect(generatedValueSetColumns).toEqual(fromModel);
  });

  test('builds the schema generation builds from the model, enums included', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const pgService = makePgService({ pool, schemas: ['app_public'], pubsub: false });
    try {
      const { schema } = await makeSchema({ extends: [preset], pgServices: [pgService] });
      expect(schema.getType('UserSubscriptionTier')?.toString()).toBe('UserSubscriptionTier');
      expect(printSortedSchema(schema)).toBe(printSortedSchema(ownerSchema));
    } finally {
      await pgService.release?.();
      await pool.end();
    }
  }, 120_000);
});

describe('through the live schema, as the visitor', () => {
  let rows: RowIds;
  let pool: pg.Pool;
  let schema: GraphQLSchema;
  let resolvedPreset: GraphileConfig.ResolvedPreset;
  let release: (() => void | PromiseLike<void>) | undefined;

  beforeAll(async () => {
    rows = await insertGoodRows(db.client);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const visitor = apiRoles().visitor;
    const pgService = makePgService({
      pool,
      schemas: ['app_public'],
      pubsub: false,
      pgSettingsForIntrospection: { role: visitor },
      // What the API server sets per request: the role, and the session the request carries.
      pgSettings: () => ({ role: visitor, 'jwt.claims.session_id': rows.sessions }),
    });
    release = pgService.release;
    ({ schema, resolvedPreset } = await makeSchema(graphqlPreset(pgService, valueSetColumnsOf(model))));
  }, 120_000);

  afterAll(async () => {
    await release?.();
    await pool?.end();
  });

  const run = async (source: string, variableValues: Record<string, unknown> = {}) =>
    grafast({ schema, resolvedPreset, requestContext: {}, source, variableValues });

  // Read back from the mutation payload: a query field here fails inside Grafast's connection step
  // ("reading 'items'") with or without this plugin, which is a separate matter.
  test('an enum value written by a mutation is stored as the text value and read back as the enum', async () => {
    // The visitor may upload (insert_own on assets forbids AIGenerated: the backend records those).
    const created = await run(
      `mutation ($type: AssetType!) {
        createAsset(input: { asset: { name: "Poster", filePath: "assets/poster.png", type: $type } }) { asset { rowId type } }
      }`,
      { type: 'Uploaded' },
    );
    expect(created).toEqual({ data: { createAsset: { asset: { rowId: expect.any(String), type: 'Uploaded' } } } });
    const id = (created as { data: { createAsset: { asset: { rowId: string } } } }).data.createAsset.asset.rowId;
    const stored = await db.client.query<{ type: string }>('select type from app_public.assets where id = $1', [id]);
    expect(stored.rows).toEqual([{ type: 'Uploaded' }]);
  });

  test('a value outside the set is refused by GraphQL before it reaches the database', async () => {
    const result = await run('mutation { createAsset(input: { asset: { name: "X", filePath: "x", type: Gold } }) { asset { rowId } } }');
    expect(JSON.stringify(result)).toContain('Value \\"Gold\\" does not exist in \\"AssetType\\" enum.');
  });
});

describe('the database itself', () => {
  test('still rejects an unknown value with the named CHECK constraint', async () => {
    const { column, table } = valueSetColumns.find(({ table, column }) => table.name === 'users' && column.name === 'subscription_tier') ?? {};
    expect(column?.valueSet.constraint).toBe('users_subscription_tier_check');
    await db.client.query('begin');
    try {
      const result = await outcome(db.client, `insert into app_public.${table?.name} (email, ${column?.name}) values ('gold@example.com', 'Gold')`);
      expect(result).toEqual({ error: '23514', message: expect.stringContaining('violates check constraint "users_subscription_tier_check"') });
    } finally {
      await db.client.query('rollback');
    }
  });
});
