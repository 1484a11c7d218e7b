import { knownArrayTypeNames, knownScalarTypeNames, pgRuntimeShape, type JsScalar, type PgRuntimeShape } from '../src/emit/pg-runtime-types.ts';
import { introspectSchema } from '../src/introspect/introspect.ts';
import type { ColumnModel } from '../src/model/schema-model.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';

/**
 * db.ts claims what node-postgres returns for each column type. Here a value
 * of every type the schema uses (and every type the mapping knows) makes the
 * round trip through pg, and what comes back is checked twice: against the
 * mapping db.ts is generated from, and against expectations written down by
 * hand from pg-types' parsers, so a wrong mapping cannot vouch for itself.
 */

/** A value of each base type as SQL, and what pg must hand back for it (independent of src/). */
const base: Readonly<Record<string, { sql: string; expected: string }>> = {
  bool: { sql: 'true', expected: 'boolean' },
  bpchar: { sql: "'a'::bpchar", expected: 'string' },
  bytea: { sql: "'\\x0102'::bytea", expected: 'Buffer' },
  char: { sql: `'a'::"char"`, expected: 'string' },
  cidr: { sql: "'10.0.0.0/8'::cidr", expected: 'string' },
  circle: { sql: "'<(1,2),3>'::circle", expected: 'object' },
  citext: { sql: "'a'::citext", expected: 'string' },
  date: { sql: "'2024-01-15'::date", expected: 'Date' },
  float4: { sql: '1.5::float4', expected: 'number' },
  float8: { sql: '1.5::float8', expected: 'number' },
  inet: { sql: "'10.0.0.1'::inet", expected: 'string' },
  int2: { sql: '1::int2', expected: 'number' },
  int4: { sql: '1::int4', expected: 'number' },
  int8: { sql: '9007199254740993::int8', expected: 'string' },
  interval: { sql: "'1 day'::interval", expected: 'object' },
  json: { sql: `'{"a":1}'::json`, expected: 'object' },
  jsonb: { sql: `'{"a":1}'::jsonb`, expected: 'object' },
  macaddr: { sql: "'08:00:2b:01:02:03'::macaddr", expected: 'string' },
  money: { sql: '1.5::money', expected: 'string' },
  name: { sql: "'a'::name", expected: 'string' },
  numeric: { sql: '12.345678901234567890::numeric', expected: 'string' },
  oid: { sql: '1::oid', expected: 'number' },
  point: { sql: "'(1,2)'::point", expected: 'object' },
  text: { sql: "'a'::text", expected: 'string' },
  time: { sql: "'12:00'::time", expected: 'string' },
  timestamp: { sql: "'2024-01-15 12:00'::timestamp", expected: 'Date' },
  timestamptz: { sql: "'2024-01-15 12:00Z'::timestamptz", expected: 'Date' },
  timetz: { sql: "'12:00+00'::timetz", expected: 'string' },
  // No parser in pg-types: the text form comes back.
  tsvector: { sql: "'a b'::tsvector", expected: 'string' },
  uuid: { sql: 'gen_random_uuid()', expected: 'string' },
  varchar: { sql: "'a'::varchar", expected: 'string' },
};

/** What pg hands back for arrays, by hand: numeric[] is parsed with parseFloat, and arrays pg has no parser for come back as text. */
const arrays: Readonly<Record<string, string>> = {
  _bool: 'boolean[]',
  _bpchar: 'string[]',
  _bytea: 'Buffer[]',
  _cidr: 'string[]',
  _date: 'Date[]',
  _float4: 'number[]',
  _float8: 'number[]',
  _inet: 'string[]',
  _int2: 'number[]',
  _int4: 'number[]',
  _int8: 'string[]',
  _interval: 'object[]',
  _json: 'object[]',
  _jsonb: 'object[]',
  _macaddr: 'string[]',
  _money: 'string[]',
  _numeric: 'number[]',
  _oid: 'number[]',
  _point: 'object[]',
  _text: 'string[]',
  _time: 'string[]',
  _timestamp: 'Date[]',
  _timestamptz: 'Date[]',
  _timetz: 'string[]',
  _uuid: 'string[]',
  _varchar: 'string[]',
  _tsvector: 'string',
};

function sampleSql(typeName: string): string | undefined {
  if (typeName.startsWith('_')) {
    const element = base[typeName.slice(1)];
    return element && `array[${element.sql}]`;
  }
  return base[typeName]?.sql;
}

function expectedByHand(typeName: string): string | undefined {
  return typeName.startsWith('_') ? arrays[typeName] : base[typeName]?.expected;
}

/** What a value is, in the words the tables above use. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return `${kindOf(value[0])}[]`;
  if (value instanceof Date) return 'Date';
  if (Buffer.isBuffer(value)) return 'Buffer';
  if (value === null) return 'null';
  return typeof value;
}

const scalarKinds: Readonly<Record<JsScalar, string>> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  Date: 'Date',
  Buffer: 'Buffer',
  // Every JSON sample is an object; interval, point and circle parse to objects.
  Json: 'object',
  PgInterval: 'object',
  PgPoint: 'object',
  PgCircle: 'object',
};

function expectedByMapping(shape: PgRuntimeShape): string {
  return shape.array ? `${scalarKinds[shape.scalar]}[]` : scalarKinds[shape.scalar];
}

type ColumnType = Pick<ColumnModel, 'typeName' | 'isArray' | 'elementTypeName'>;

/** The model's own description where the schema uses the type; otherwise the obvious one. */
function columnType(typeName: string): ColumnType {
  const used = schemaTypes.get(typeName);
  if (used) return used;
  return typeName.startsWith('_') ? { typeName, isArray: true, elementTypeName: typeName.slice(1) } : { typeName, isArray: false };
}

let db: ScratchDatabase;
/** The distinct column types of the migrated schema, as the SchemaModel describes them. */
let schemaTypes: Map<string, ColumnType>;
/** typname → the value pg returned for its sample. */
const returned = new Map<string, unknown>();

beforeAll(async () => {
  db = await createMigratedDatabase();
  const model = await introspectSchema(db.client);
  schemaTypes = new Map(
    model.tables.flatMap((table) =>
      table.columns.map((column): [string, ColumnType] => [
        column.typeName,
        { typeName: column.typeName, isArray: column.isArray, ...(column.elementTypeName ? { elementTypeName: column.elementTypeName } : {}) },
      ]),
    ),
  );
  const { rows: citext } = await db.client.query(`select 1 from pg_catalog.pg_available_extensions where name = 'citext'`);
  if (citext.length > 0) await db.client.query('create extension if not exists citext');

  const candidates = [...new Set([...schemaTypes.keys(), ...knownScalarTypeNames, ...knownArrayTypeNames, 'tsvector', '_tsvector'])].sort();
  const available = candidates.filter((typeName) => typeName !== 'citext' || citext.length > 0);
  const columns = available.flatMap((typeName) => {
    const sql = sampleSql(typeName);
    return sql ? [{ typeName, sql }] : [];
  });
  const select = columns.map(({ typeName, sql }) => `${sql} as ${db.client.escapeIdentifier(typeName)}`).join(',\n');
  // Stored, then read back: what a SELECT of a real column returns.
  await db.client.query(`create temp table shapes as select ${select}`);
  const { rows: values } = await db.client.query<Record<string, unknown>>('select * from shapes');
  for (const { typeName } of columns) returned.set(typeName, values[0]?.[typeName]);
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

test('the migrated schema uses column types', () => {
  expect(schemaTypes.size).toBeGreaterThan(0);
});

test('every column type of the schema has a hand-written expectation and sample here', () => {
  expect([...schemaTypes.keys()].filter((typeName) => !expectedByHand(typeName) || !sampleSql(typeName))).toEqual([]);
});

describe('what pg returns matches db.ts', () => {
  const typeNames = [...new Set([...knownScalarTypeNames, ...knownArrayTypeNames, 'tsvector', '_tsvector'])].sort();
  test.each(typeNames)('%s', (typeName) => {
    if (!returned.has(typeName)) {
      // Only citext can be missing: an extension not every server ships.
      expect(typeName).toBe('citext');
      return;
    }
    const actual = kindOf(returned.get(typeName));
    expect({ typeName, actual }).toEqual({ typeName, actual: expectedByMapping(pgRuntimeShape(columnType(typeName))) });
    expect({ typeName, actual }).toEqual({ typeName, actual: expectedByHand(typeName) });
  });

  test('every column type of the schema made the round trip, checked against the model and by hand', () => {
    for (const [typeName, column] of schemaTypes) {
      const actual = kindOf(returned.get(typeName));
      expect({ typeName, actual }).toEqual({ typeName, actual: expectedByMapping(pgRuntimeShape(column)) });
      expect({ typeName, actual }).toEqual({ typeName, actual: expectedByHand(typeName) });
    }
  });

  test('int8 and numeric keep every digit', () => {
    expect(returned.get('int8')).toBe('9007199254740993');
    expect(returned.get('numeric')).toBe('12.345678901234567890');
  });
});

describe('what pg accepts matches the insert types', () => {
  test('a jsonb parameter may be an object, a number, a boolean or JSON text (JsonInput)', async () => {
    const { rows } = await db.client.query<{ a: unknown; b: unknown; c: unknown; d: unknown }>(
      'select $1::jsonb as a, $2::jsonb as b, $3::jsonb as c, $4::jsonb as d',
      [{ list: [1, 2] }, 3, true, '["x"]'],
    );
    expect(rows[0]).toEqual({ a: { list: [1, 2] }, b: 3, c: true, d: ['x'] });
  });

  test('a JS array as a jsonb parameter fails, which is why JsonInput leaves arrays out', async () => {
    await expect(db.client.query('select $1::jsonb', [['#ffffff']])).rejects.toThrow(/json/i);
  });

  test('int8 and numeric parameters accept a string, a number or a bigint', async () => {
    const { rows } = await db.client.query<{ a: string; b: string; c: string }>('select $1::int8 as a, $2::numeric as b, $3::int8 as c', [
      '9007199254740993',
      1.25,
      9007199254740993n,
    ]);
    expect(rows[0]).toEqual({ a: '9007199254740993', b: '1.25', c: '9007199254740993' });
  });
});
