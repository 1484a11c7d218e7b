import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { isInsertable } from '../src/emit/column-writes.ts';
import { renderZod } from '../src/emit/zod.ts';
import { schemas } from '../src/generated/zod.ts';
import { introspectSchema } from '../src/introspect/introspect.ts';
import { repoRoot } from '../src/lib/paths.ts';
import type { ColumnModel, SchemaModel } from '../src/model/schema-model.ts';
import { freshRefs, fundDebit, insertGoodRows, insertRow, TABLES, validRow, type RowIds, type TableName } from './fixtures/good-rows.ts';
import { boundaryCases, type Row } from './helpers/boundary-cases.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';

/**
 * The validators against the database itself. For every table of the live
 * migrated catalog, boundary inputs derived from its model
 * (test/helpers/boundary-cases.ts) each change one valid fixture row; each
 * goes through the zod insert schema and through an INSERT in a savepoint,
 * as the table owner (constraints, not RLS) with the fixture's session set
 * (so a current_user_id() default fills its column, as for a signed-in
 * request), and the two must agree on accept or reject in every case. A
 * ledger row's fate must not hang on a balance earlier cases moved: each gets
 * a fresh user (balance 0, so no credit overflows it) credited first with
 * exactly what the row debits (fundDebit, so any debit is affordable). A
 * column no insert may set gets no boundary cases; that it is refused by
 * both sides is proven apart.
 */

let db: ScratchDatabase;
let model: SchemaModel;
let ids: RowIds;

beforeAll(async () => {
  db = await createMigratedDatabase();
  model = await introspectSchema(db.client);
  await db.client.query('begin');
  ids = await insertGoodRows(db.client);
  // Signed in as the fixture's user, so a default of current_user_id() fills its column as for an API request.
  await db.client.query("select set_config('jwt.claims.session_id', $1, true)", [ids.sessions]);
});

afterAll(async () => {
  await db.client.query('rollback');
  await db.drop();
});

/** SQLSTATE classes that mean "this value breaks a rule": data exceptions (22…), not null (23502), check (23514). */
function isRuleViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code === '23502' || code === '23514');
}

/** Accepted or rejected; any other error (a unique or foreign key violation) means the case broke something it did not mean to, and is reported as such. */
async function databaseAccepts(client: pg.Client, table: TableName, row: Row): Promise<boolean | string> {
  try {
    await insertRow(client, table, row);
    return true;
  } catch (error) {
    if (isRuleViolation(error)) return false;
    return `unexpected error: ${(error as Error).message}`;
  }
}

interface Outcome {
  table: string;
  what: string;
  zod: boolean;
  database: boolean | string;
  zodIssues?: string;
}

function isFixtureTable(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}

test('the committed zod.ts is what the live catalog generates', () => {
  expect(readFileSync(join(repoRoot, 'src', 'generated', 'zod.ts'), 'utf8')).toBe(renderZod(model));
});

test('every table of the catalog has a fixture row and a schema', () => {
  expect(model.tables.map((table) => table.name).filter((name) => !isFixtureTable(name) || !(name in schemas))).toEqual([]);
});

/** A value other than the column's default, of its type: what a backend might try to write. */
function nonDefaultValue(table: string, column: ColumnModel): string {
  if (['numeric', 'int2', 'int4', 'int8'].includes(column.typeName)) return '1';
  throw new Error(`zod parity: no test value for the read-only column ${table}.${column.name} of type ${column.type}; add one to nonDefaultValue.`);
}

test('a column no insert may set is refused by the zod insert schema and by the database', async () => {
  const refused: string[] = [];
  for (const table of model.tables) {
    if (!isFixtureTable(table.name)) continue;
    for (const column of table.columns.filter((c) => !isInsertable(c))) {
      await db.client.query('savepoint read_only_case');
      try {
        const row = validRow(table.name, await freshRefs(db.client, table.name, ids));
        const withColumn = { ...row, [column.name]: nonDefaultValue(table.name, column) };
        expect({ column: column.name, zod: schemas[table.name].insert.safeParse(withColumn).success }).toEqual({ column: column.name, zod: false });
        // The row itself is fine: the column alone is why it is refused.
        expect(schemas[table.name].insert.safeParse(row).success).toBe(true);
        await db.client.query('savepoint with_column');
        await expect(insertRow(db.client, table.name, withColumn)).rejects.toThrow();
        await db.client.query('rollback to savepoint with_column');
        await expect(insertRow(db.client, table.name, row)).resolves.toEqual(expect.any(String));
        refused.push(`${table.name}.${column.name}`);
      } finally {
        await db.client.query('rollback to savepoint read_only_case');
      }
    }
  }
  console.log(`zod parity: read-only columns refused by both: ${refused.join(', ')}`);
  // The ledger owns the balance (migration 000005 tags it @behavior -insert -update).
  expect(refused).toContain('users.credit_balance');
});

test('zod and PostgreSQL agree on every boundary case of every column and check', async () => {
  const outcomes: Outcome[] = [];
  for (const table of model.tables) {
    if (!isFixtureTable(table.name)) continue;
    const schema = schemas[table.name].insert;
    for (const boundary of boundaryCases(table)) {
      await db.client.query('savepoint parity_case');
      try {
        const row = boundary.vary(validRow(table.name, await freshRefs(db.client, table.name, ids)));
        if (table.name === 'credit_transactions') await fundDebit(db.client, row);
        const parsed = schema.safeParse(row);
        const database = await databaseAccepts(db.client, table.name, row);
        outcomes.push({
          table: table.name,
          what: boundary.what,
          zod: parsed.success,
          database,
          ...(parsed.success ? {} : { zodIssues: parsed.error.issues.map((issue) => issue.message).join('; ') }),
        });
      } finally {
        await db.client.query('rollback to savepoint parity_case');
      }
    }
  }
  const disagreements = outcomes.filter((outcome) => outcome.zod !== outcome.database);
  const rejected = outcomes.filter((outcome) => outcome.database === false).length;
  console.log(`zod parity: ${outcomes.length} cases over ${model.tables.length} tables, ${rejected} rejected by both, ${disagreements.length} disagreements`);
  expect(disagreements).toEqual([]);
  // Both outcomes occur: a run in which everything passed or everything failed would prove nothing.
  expect(rejected).toBeGreaterThan(100);
  expect(outcomes.length - rejected).toBeGreaterThan(100);
}, 300_000);
