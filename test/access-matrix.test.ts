import type pg from 'pg';
import { apiRoles } from '../src/db/roles.ts';
import { introspectSchema } from '../src/introspect/introspect.ts';
import type { SchemaModel, TableModel } from '../src/model/schema-model.ts';
import { validRow, type Row, type RowIds, type TableName } from './fixtures/good-rows.ts';
import { COMMANDS, readAccessMatrix, reaches, type Command, type MatrixRow, type TeamRole } from './helpers/access-matrix.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { insertSecurityFixture, setRole, type SecurityFixture } from './helpers/security-fixture.ts';
import { asVisitor, outcome, type Outcome } from './helpers/visitor.ts';

/**
 * The access matrix of docs/security.md, checked cell by cell against the
 * database, acting as visitor A (set local role + the session setting):
 * for every app_public table (from the catalog) and every command, against
 * A's own row, B's row, the rows shared with A's team and the public ones,
 * with A as Viewer, Editor and Admin of the shared team. A table the catalog
 * has and the matrix lacks, or one without row-level security, fails.
 */

type Kind = 'own' | 'other' | 'team' | 'public';
const SCENARIO_ROLES: TeamRole[] = ['Viewer', 'Editor', 'Admin'];
const visitor = apiRoles().visitor;

/** Values a valid visitor insert needs beyond validRow's: the policy keeps AI-generated assets for the backend. */
const INSERT_OVERRIDES: Partial<Record<TableName, Row>> = { assets: { type: 'Uploaded' } };

let db: ScratchDatabase;
let model: SchemaModel;
let fixture: SecurityFixture;
const matrix = readAccessMatrix();

beforeAll(async () => {
  db = await createMigratedDatabase();
  model = await introspectSchema(db.client);
  fixture = await insertSecurityFixture(db.client);
});

afterAll(async () => {
  await db?.drop();
});

/** Every problem that leaves a table outside the matrix's protection. */
function matrixGaps(tables: Pick<TableModel, 'name' | 'rowLevelSecurity'>[], rows: MatrixRow[]): string[] {
  const documented = new Set(rows.map((r) => r.table));
  const present = new Set(tables.map((t) => t.name));
  return [
    ...tables.filter((t) => !documented.has(t.name)).map((t) => `${t.name}: no row in docs/security.md`),
    ...tables.filter((t) => !t.rowLevelSecurity.enabled).map((t) => `${t.name}: row-level security is off`),
    ...rows.filter((r) => !present.has(r.table)).map((r) => `${r.table}: in docs/security.md but not in app_public`),
  ].sort();
}

describe('the matrix covers the schema', () => {
  test('every app_public table has a row in docs/security.md and row-level security, and every row a table', () => {
    expect(model.tables).toHaveLength(22);
    expect(matrixGaps(model.tables, matrix)).toEqual([]);
  });

  test('a table added without a matrix row or row-level security is reported', async () => {
    await db.client.query('begin');
    try {
      await db.client.query('create table app_public.unprotected (id uuid primary key)');
      const gaps = matrixGaps((await introspectSchema(db.client)).tables, matrix);
      expect(gaps).toEqual(['unprotected: no row in docs/security.md', 'unprotected: row-level security is off']);
    } finally {
      await db.client.query('rollback');
    }
  });
});

function rowsOf(table: TableName): Partial<Record<Kind, string>> {
  return {
    own: fixture.a[table],
    other: fixture.b[table],
    ...(fixture.team[table] ? { team: fixture.team[table] } : {}),
    ...(table === 'templates' ? { public: fixture.publicTemplate } : {}),
  };
}

function tableModel(name: string): TableModel {
  const table = model.tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table;
}

async function columnsWith(client: pg.ClientBase, table: string, privilege: 'INSERT' | 'UPDATE'): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select a.attname as name from pg_attribute a
      where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
        and has_column_privilege($2, a.attrelid, a.attnum, $3)
      order by a.attnum`,
    [`app_public.${table}`, visitor, privilege],
  );
  return rows.map((r) => r.name);
}

async function hasTablePrivilege(client: pg.ClientBase, table: string, privilege: string): Promise<boolean> {
  const { rows } = await client.query<{ has: boolean }>('select has_table_privilege($1, $2, $3) as has', [visitor, `app_public.${table}`, privilege]);
  return rows[0]?.has === true;
}

const quoted = (name: string): string => `"${name}"`;
const touched = (o: Outcome, rows: number): boolean => 'rows' in o && o.rows === rows;
const denied = (o: Outcome): boolean => 'error' in o && o.error === '42501';

/** The row A inserts for a kind: references into A's world, B's world or the shared team, reduced to the columns A may set. */
function insertRow(table: TableName, kind: Kind, insertable: string[]): Row | undefined {
  const refs: RowIds = { ...(kind === 'other' ? fixture.b : fixture.a), users: fixture.outsider };
  if (kind === 'team') refs.teams = fixture.team.teams ?? '';
  const full = { ...validRow(table, refs), ...INSERT_OVERRIDES[table] };
  const row = Object.fromEntries(Object.entries(full).filter(([column]) => insertable.includes(column)));
  if (kind === 'own') return row;
  // Another kind is a different test only when an insertable foreign key points somewhere else.
  const pointing = tableModel(table).foreignKeys.some((fk) =>
    fk.columns.some((c) => insertable.includes(c) && row[c] !== null && (kind !== 'team' || fk.foreignTable === 'teams')),
  );
  return pointing ? row : undefined;
}

/** For one command: each mismatch between what the matrix says and what A's statement did. */
async function mismatches(row: MatrixRow, command: Command, role: TeamRole): Promise<string[]> {
  const table = row.table as TableName;
  const cell = row.cells[command];
  const found: string[] = [];
  const expect = (kind: Kind, ok: boolean, got: Outcome): void => {
    if (!ok) found.push(`${table} ${command} ${kind} row as ${role}: the matrix says ${cellText(cell, kind, role)}, got ${JSON.stringify(got)}`);
  };
  const kinds = Object.entries(rowsOf(table)) as [Kind, string][];
  if (command === 'select') {
    for (const [kind, id] of kinds) {
      const got = await asVisitor(db.client, fixture.session, () => outcome(db.client, `select 1 from app_public.${quoted(table)} where id = $1`, [id]));
      expect(kind, touched(got, reaches(cell, kind, role) ? 1 : 0), got);
    }
  } else if (command === 'update') {
    const [column] = await columnsWith(db.client, table, 'UPDATE');
    for (const [kind, id] of kinds) {
      // Without a column to set, any column shows the privilege is missing; updated_at, which every table has, is no identity.
      const sql = `update app_public.${quoted(table)} set ${quoted(column ?? 'updated_at')} = ${quoted(column ?? 'updated_at')} where id = $1`;
      const got = await asVisitor(db.client, fixture.session, () => outcome(db.client, sql, [id]));
      expect(kind, column === undefined ? cell.length === 0 && denied(got) : touched(got, reaches(cell, kind, role) ? 1 : 0), got);
    }
  } else if (command === 'delete') {
    const granted = await hasTablePrivilege(db.client, table, 'DELETE');
    for (const [kind, id] of kinds) {
      const got = await asVisitor(db.client, fixture.session, () => outcome(db.client, `delete from app_public.${quoted(table)} where id = $1`, [id]));
      expect(kind, granted ? touched(got, reaches(cell, kind, role) ? 1 : 0) : cell.length === 0 && denied(got), got);
    }
  } else {
    const insertable = await columnsWith(db.client, table, 'INSERT');
    if (insertable.length === 0) {
      const got = await asVisitor(db.client, fixture.session, () => outcome(db.client, `insert into app_public.${quoted(table)} default values`));
      expect('own', cell.length === 0 && denied(got), got);
    }
    for (const kind of insertable.length === 0 ? [] : (['own', 'other', 'team'] as const)) {
      const values = insertRow(table, kind, insertable);
      if (!values) continue;
      const columns = Object.keys(values);
      const sql = `insert into app_public.${quoted(table)} (${columns.map(quoted).join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
      const got = await asVisitor(db.client, fixture.session, () => outcome(db.client, sql, Object.values(values)));
      expect(kind, reaches(cell, kind, role) ? touched(got, 1) : denied(got), got);
    }
  }
  return found;
}

function cellText(cell: MatrixRow['cells'][Command], kind: Kind, role: TeamRole): string {
  return reaches(cell, kind, role) ? 'allowed' : 'refused';
}

describe.each(matrix.map((row) => [row.table, row] as const))('%s, acting as visitor A', (_table, row) => {
  test.each(COMMANDS.map((c) => [c]))('%s does what docs/security.md says', async (command) => {
    const found: string[] = [];
    for (const role of SCENARIO_ROLES) {
      await setRole(db.client, fixture, role);
      found.push(...(await mismatches(row, command, role)));
    }
    expect(found).toEqual([]);
  });

  test('anonymous, expired and malformed sessions select only what the anonymous column says', async () => {
    const found: string[] = [];
    for (const session of [null, fixture.expiredSession, 'not-a-session-id', '00000000-0000-4000-8000-000000000000']) {
      for (const [kind, id] of Object.entries(rowsOf(row.table as TableName)) as [Kind, string][]) {
        const got = await asVisitor(db.client, session, () => outcome(db.client, `select 1 from app_public.${quoted(row.table)} where id = $1`, [id]));
        if (!touched(got, reaches(row.anonymous, kind, 'Viewer') ? 1 : 0)) found.push(`${row.table} ${kind} row with session ${session}: ${JSON.stringify(got)}`);
      }
    }
    expect(found).toEqual([]);
  });
});
