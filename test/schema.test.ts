import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withRolePlaceholders } from '../src/db/roles.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { committedMigrations } from '../src/migrate/migration-file.ts';
import { insertGoodRows, type TableName } from './fixtures/good-rows.ts';
import { createEmptyDatabase, createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';

/**
 * The migrated schema against the seed specification
 * (test/fixtures/creativeflow-seed-schema.json) and the SQL conventions of
 * docs/conventions.md. Everything is read from the catalog of a freshly migrated
 * database; the expectations come from the fixture, not from the migration.
 */

interface SpecColumn {
  column: string;
  seed_definition: string;
  nullable: boolean;
  unique: boolean;
  indexed: boolean;
  primary_key: boolean;
  references: string | null;
}
interface SpecTable {
  table: string;
  columns: SpecColumn[];
}

const spec = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'creativeflow-seed-schema.json'), 'utf8')) as { tables: SpecTable[] };
const specColumns = spec.tables.flatMap((t) => t.columns.map((c) => ({ table: t.table, ...c })));
const migrationFiles = committedMigrations();
const migrationSql = migrationFiles.map((m) => readFileSync(m.path, 'utf8')).join('\n');

/** Spec types the project deliberately stores differently, with the reason. */
const TYPE_EXCEPTIONS: Record<string, { type: string; reason: string }> = {
  'sessions.ip_address': { type: 'inet', reason: 'String(45) holds an IP address; inet validates it' },
};

/** The PostgreSQL type docs/conventions.md maps a spec column type to. */
function expectedType(table: string, column: SpecColumn): string {
  const exception = TYPE_EXCEPTIONS[`${table}.${column.column}`];
  if (exception) return exception.type;
  const def = column.seed_definition;
  if (/^Column\(UUID\b/.test(def)) return 'uuid';
  if (/^Column\((String\(\d+\)|Text)[,)]/.test(def)) return 'text';
  if (/^Column\(Boolean\b/.test(def)) return 'boolean';
  if (/^Column\(Numeric\(10, ?2\)/.test(def)) return 'numeric(10,2)';
  if (/^Column\(JSONB\b/.test(def)) return 'jsonb';
  if (/^Column\(DateTime\b/.test(def)) return 'timestamp with time zone';
  if (/^Column\(Integer\b/.test(def)) return 'integer';
  if (/^Column\(BigInteger\b/.test(def)) return 'bigint';
  throw new Error(`no type mapping for ${table}.${column.column}: ${def}`);
}

/**
 * Spec columns that default to something the spec does not say, with the reason.
 * The owner columns a visitor's new row takes from the session (docs/security.md):
 * a visitor is never granted them, so the default is what makes the row theirs.
 */
const OWNER_DEFAULT = { default: 'app_public.current_user_id()', reason: "a visitor's new row belongs to the visitor" };
const DEFAULT_EXCEPTIONS: Record<string, { default: string; reason: string }> = {
  'teams.owner_id': OWNER_DEFAULT,
  'brand_kits.user_id': OWNER_DEFAULT,
  'workbenches.user_id': OWNER_DEFAULT,
  'templates.user_id': OWNER_DEFAULT,
  'projects.user_id': OWNER_DEFAULT,
  'assets.user_id': OWNER_DEFAULT,
  'generation_requests.user_id': OWNER_DEFAULT,
  'ai_model_feedback.user_id': OWNER_DEFAULT,
};

/** The column default the spec asks for, as pg_get_expr renders it; undefined when the spec sets none. */
function expectedDefault(column: SpecColumn): string | undefined {
  const match = /default=(func\.now\(\)|'[^']*'|[\w.]+)/.exec(column.seed_definition);
  if (!match) return undefined;
  const value = match[1] ?? '';
  if (value === 'func.now()') return 'now()';
  if (value === 'True') return 'true';
  if (value === 'False') return 'false';
  if (/^'.*'$/.test(value)) return `${value}::text`;
  return value;
}

interface CatalogColumn {
  table: string;
  column: string;
  type: string;
  not_null: boolean;
  default: string | null;
  identity: string;
  comment: string | null;
}
interface CatalogConstraint {
  table: string;
  name: string;
  type: 'c' | 'f' | 'p' | 'u' | 'x' | 't' | 'n';
  columns: string[];
  definition: string;
  target: string | null;
  on_delete: string;
  comment: string | null;
}
interface CatalogIndex {
  table: string;
  name: string;
  unique: boolean;
  primary: boolean;
  /** Key expressions in order, e.g. ['user_id'] or ['lower(email)']. */
  keys: string[];
  constraint: string | null;
  /** A partial index (with a WHERE). */
  partial: boolean;
}

let db: ScratchDatabase;
let tables: { table: string; comment: string | null }[];
let columns: CatalogColumn[];
let constraints: CatalogConstraint[];
let indexes: CatalogIndex[];

async function readCatalog(): Promise<void> {
  const q = db.client;
  tables = (
    await q.query<{ table: string; comment: string | null }>(
      `select c.relname as table, obj_description(c.oid, 'pg_class') as comment
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'app_public' and c.relkind in ('r', 'p') order by 1`,
    )
  ).rows;
  columns = (
    await q.query<CatalogColumn>(
      `select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type,
              a.attnotnull as not_null, pg_get_expr(d.adbin, d.adrelid) as default, a.attidentity::text as identity,
              col_description(c.oid, a.attnum) as comment
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
       where n.nspname = 'app_public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
       order by 1, a.attnum`,
    )
  ).rows;
  constraints = (
    await q.query<CatalogConstraint>(
      `select c.relname as table, k.conname as name, k.contype::text as type,
              coalesce(array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, i)
                             join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.i), '{}') as columns,
              pg_get_constraintdef(k.oid) as definition, f.relname as target, k.confdeltype::text as on_delete,
              obj_description(k.oid, 'pg_constraint') as comment
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_class f on f.oid = k.confrelid
       where n.nspname = 'app_public' order by 1, 2`,
    )
  ).rows;
  indexes = (
    await q.query<CatalogIndex>(
      `select c.relname as table, i.relname as name, x.indisunique as unique, x.indisprimary as primary,
              array(select pg_get_indexdef(x.indexrelid, k, true) from generate_series(1, x.indnkeyatts) k order by k) as keys,
              (select conname from pg_constraint where conindid = x.indexrelid and contype in ('p', 'u', 'x')) as constraint,
              x.indpred is not null as partial
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class c on c.oid = x.indrelid
       join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'app_public' order by 1, 2`,
    )
  ).rows;
}

function column(table: string, name: string): CatalogColumn | undefined {
  return columns.find((c) => c.table === table && c.column === name);
}

/**
 * Issue #11 has single-column indexes on low-cardinality columns that no query
 * of the catalog (queries/) uses dropped, against the spec's index=True: the
 * column is a value set (its <table>_<column>_check) or a boolean, and a
 * committed migration drops its <table>_<column>_idx by name.
 */
function droppedLowCardinalityIndex(table: string, name: string): boolean {
  const lowCardinality = column(table, name)?.type === 'boolean' || constraints.some((k) => k.type === 'c' && k.name === `${table}_${name}_check`);
  return lowCardinality && new RegExp(`\\bdrop index if exists app_public\\.${table}_${name}_idx;`).test(migrationSql);
}

/** Whether an index key is the column itself or lower() of it (the case-insensitive e-mail key). */
function keyIsColumn(key: string | undefined, name: string): boolean {
  return key === name || key === `"${name}"` || key === `lower(${name})` || key === `lower("${name}")`;
}

/** Unique constraints and unique indexes (other than the primary key) on exactly this one column. */
function singleColumnUniques(table: string, name: string): string[] {
  return indexes.filter((i) => i.table === table && i.unique && !i.primary && i.keys.length === 1 && keyIsColumn(i.keys[0], name)).map((i) => i.name);
}

/** The value-set check on a column: `col = ANY (ARRAY['A'::text, ...])`, parsed into its values. */
function valueSet(definition: string): { column: string; values: string[] } | undefined {
  const match = /^CHECK \(\(?"?(\w+)"? = ANY \(ARRAY\[(.*)\]\)\)\)?$/.exec(definition);
  if (!match) return undefined;
  const values = [...(match[2] ?? '').matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => (m[1] ?? '').replaceAll("''", "'"));
  return { column: match[1] ?? '', values };
}

beforeAll(async () => {
  db = await createMigratedDatabase();
  await readCatalog();
});

afterAll(async () => {
  await db?.drop();
});

describe('tables and columns of the spec', () => {
  test('app_public holds exactly the 22 tables of the spec', () => {
    expect(spec.tables).toHaveLength(22);
    expect(tables.map((t) => t.table).sort()).toEqual(spec.tables.map((t) => t.table).sort());
  });

  test('the fixture lists 122 columns, 35 of them foreign keys', () => {
    expect(specColumns).toHaveLength(122);
    expect(specColumns.filter((c) => c.references)).toHaveLength(35);
  });

  test.each(specColumns.map((c) => [`${c.table}.${c.column}`, c] as const))('%s exists with the spec type, nullability and default', (_, spec) => {
    const actual = column(spec.table, spec.column);
    expect(actual).toBeDefined();
    if (!actual) return;
    expect(actual.type).toBe(expectedType(spec.table, spec));
    expect(actual.not_null).toBe(!spec.nullable || spec.primary_key);
    if (spec.primary_key) {
      if (actual.type === 'uuid') expect(actual.default).toBe('gen_random_uuid()');
      else expect(actual.identity).toBe('a'); // generated always as identity
    } else {
      const wanted = DEFAULT_EXCEPTIONS[`${spec.table}.${spec.column}`]?.default ?? expectedDefault(spec);
      if (wanted === undefined) expect(actual.default).toBeNull();
      else expect(actual.default).toBe(wanted);
    }
  });

  test.each(specColumns.filter((c) => /String\(\d+\)/.test(c.seed_definition) && !TYPE_EXCEPTIONS[`${c.table}.${c.column}`]).map((c) => [`${c.table}.${c.column}`, c] as const))(
    '%s (String(n)) has a named char_length check with the spec limit',
    (_, spec) => {
      const limit = /String\((\d+)\)/.exec(spec.seed_definition)?.[1];
      const checks = constraints.filter(
        (k) => k.table === spec.table && k.type === 'c' && k.definition === `CHECK ((char_length(${spec.column}) <= ${limit}))`,
      );
      expect(checks.map((k) => k.name)).toHaveLength(1);
      expect(checks[0]?.name).toMatch(new RegExp(`^${spec.table}_${spec.column}_char_len(gth)?_check$`));
    },
  );

  test.each(specColumns.filter((c) => !c.primary_key).map((c) => [`${c.table}.${c.column}`, c] as const))('%s is unique exactly when the spec says so', (_, spec) => {
    const uniques = singleColumnUniques(spec.table, spec.column);
    expect(uniques.length > 0).toBe(spec.unique);
  });

  test('users.email is unique case-insensitively', () => {
    const index = indexes.find((i) => i.name === 'users_email_key');
    expect(index?.unique).toBe(true);
    expect(index?.keys).toEqual(['lower(email)']);
  });

  test.each(specColumns.filter((c) => c.indexed && !c.primary_key).map((c) => [`${c.table}.${c.column}`, c] as const))(
    '%s (index=True) leads an index, or is a low-cardinality column whose unused index a later migration dropped',
    (_, spec) => {
      const leading = indexes.filter((i) => i.table === spec.table && keyIsColumn(i.keys[0], spec.column)).map((i) => i.name);
      expect({ leading, droppedAsUnused: droppedLowCardinalityIndex(spec.table, spec.column) }).not.toEqual({ leading: [], droppedAsUnused: false });
    },
  );

  test.each(specColumns.filter((c) => c.references).map((c) => [`${c.table}.${c.column} -> ${c.references}`, c] as const))('%s is a foreign key to that table', (_, spec) => {
    const fks = constraints.filter((k) => k.table === spec.table && k.type === 'f' && k.columns.join() === spec.column);
    expect(fks.map((k) => k.target)).toEqual([spec.references]);
    expect(fks[0]?.definition).toMatch(new RegExp(`REFERENCES app_public\\.${spec.references}\\(id\\)`));
  });
});

describe('conventions', () => {
  test('no timestamp without time zone, varchar, char or json column', () => {
    const bad = columns.filter((c) => /^(timestamp without time zone|character varying|character|json)\b/.test(c.type) || c.type === 'json');
    expect(bad.map((c) => `${c.table}.${c.column} ${c.type}`)).toEqual([]);
  });

  test('uuid primary keys default to gen_random_uuid(); usage_logs.id is a bigint identity', () => {
    const pks = constraints.filter((k) => k.type === 'p');
    expect(pks).toHaveLength(22);
    for (const pk of pks) {
      expect(pk.columns).toEqual(['id']);
      const id = column(pk.table, 'id');
      if (pk.table === 'usage_logs') expect([id?.type, id?.identity]).toEqual(['bigint', 'a']);
      else expect([pk.table, id?.type, id?.default]).toEqual([pk.table, 'uuid', 'gen_random_uuid()']);
    }
  });

  test('every table has created_at and updated_at: timestamptz, not null, default now()', () => {
    for (const { table } of tables) {
      for (const name of ['created_at', 'updated_at']) {
        const c = column(table, name);
        expect([table, name, c?.type, c?.not_null, c?.default]).toEqual([table, name, 'timestamp with time zone', true, 'now()']);
      }
    }
  });

  test('money and credit columns are numeric(10,2)', () => {
    expect(column('users', 'credit_balance')?.type).toBe('numeric(10,2)');
    expect(column('credit_transactions', 'amount')?.type).toBe('numeric(10,2)');
  });

  test('every table, column, foreign key and the trigger function has a comment', async () => {
    expect(tables.filter((t) => !t.comment?.trim()).map((t) => t.table)).toEqual([]);
    expect(columns.filter((c) => !c.comment?.trim()).map((c) => `${c.table}.${c.column}`)).toEqual([]);
    expect(constraints.filter((k) => k.type === 'f' && !k.comment?.trim()).map((k) => k.name)).toEqual([]);
    const { rows } = await db.client.query<{ comment: string | null }>(
      `select obj_description('app_private.tg__set_updated_at()'::regprocedure, 'pg_proc') as comment`,
    );
    expect(rows[0]?.comment?.trim()).toBeTruthy();
  });

  test('every column beyond the spec is named in its table comment as an addition', () => {
    const inSpec = new Set(specColumns.map((c) => `${c.table}.${c.column}`));
    const missing: string[] = [];
    for (const c of columns) {
      if (inSpec.has(`${c.table}.${c.column}`) || c.column === 'created_at' || c.column === 'updated_at') continue;
      const comment = tables.find((t) => t.table === c.table)?.comment ?? '';
      const added = /Columns added beyond the spec: (.*)/s.exec(comment)?.[1] ?? '';
      if (!new RegExp(`\\b${c.column}\\b`).test(added)) missing.push(`${c.table}.${c.column}`);
    }
    expect(missing).toEqual([]);
  });

  test('every foreign key has an explicit ON DELETE (not NO ACTION) and a comment saying why', () => {
    const fks = constraints.filter((k) => k.type === 'f');
    expect(fks.filter((k) => k.on_delete === 'a').map((k) => k.name)).toEqual([]);
    const words: Record<string, RegExp> = { c: /^Cascade:/, n: /^Set null:/, r: /^Restrict:/, d: /^Set default:/ };
    // The reason is the description, after any PostGraphile smart-tag lines (`@behavior -*`).
    const reason = (comment: string | null): string => (comment ?? '').replace(/^(@[^\n]*\n)+/, '');
    expect(fks.filter((k) => !words[k.on_delete]?.test(reason(k.comment))).map((k) => `${k.name} (${k.on_delete}): ${k.comment}`)).toEqual([]);
  });

  test('every foreign key column set leads an index', () => {
    const unindexed = constraints
      .filter((k) => k.type === 'f')
      .filter((k) => !indexes.some((i) => i.table === k.table && k.columns.every((col, n) => keyIsColumn(i.keys[n], col))));
    expect(unindexed.map((k) => k.name)).toEqual([]);
  });

  test('no index duplicates the leading column of another (no double indexing)', () => {
    // A partial index (notifications' unread rows) serves only its own rows, so it makes no full index redundant.
    const redundant = indexes
      .filter((i) => !i.unique && i.keys.length === 1)
      .filter((i) => indexes.some((other) => other !== i && other.table === i.table && other.keys[0] === i.keys[0] && !other.partial));
    expect(redundant.map((i) => i.name)).toEqual([]);
  });

  test('constraint names are readable and say what they are', () => {
    const suffix: Record<string, string> = { c: '_check', f: '_fkey', u: '_key', p: '_pkey' };
    const badNames = constraints
      .filter((k) => k.type in suffix)
      .filter((k) => !k.name.startsWith(`${k.table}_`) || !k.name.endsWith(suffix[k.type] ?? '?'))
      .map((k) => `${k.table}: ${k.name}`);
    expect(badNames).toEqual([]);
    expect(constraints.filter((k) => k.type === 'p' && k.name !== `${k.table}_pkey`).map((k) => k.name)).toEqual([]);
    // Foreign keys and single-column checks name their column.
    const fkNames = constraints.filter((k) => k.type === 'f' && k.name !== `${k.table}_${k.columns.join('_')}_fkey`);
    expect(fkNames.map((k) => k.name)).toEqual([]);
    // Unique constraints name their columns.
    const uniqueNames = constraints.filter((k) => k.type === 'u' && k.name !== `${k.table}_${k.columns.join('_')}_key`);
    expect(uniqueNames.map((k) => k.name)).toEqual([]);
  });

  test('index names end in _idx (plain) or _key/_pkey (unique) and start with the table name', () => {
    const bad = indexes.filter((i) => !i.name.startsWith(`${i.table}_`) || !(i.unique ? /_(p?key)$/ : /_idx$/).test(i.name));
    expect(bad.map((i) => i.name)).toEqual([]);
  });

  test('every constraint and index is named explicitly in the committed migration', () => {
    expect(migrationFiles.length).toBeGreaterThan(0);
    const implicit = [
      ...constraints
        // A constraint trigger (type t) is named by its `create constraint trigger`.
        .filter((k) => k.type !== 'n' && !new RegExp(`\\bconstraint ${k.name}\\s+(check|unique|primary key|foreign key)\\b|\\bcreate constraint trigger ${k.name}\\s`).test(migrationSql))
        .map((k) => k.name),
      ...indexes.filter((i) => !i.constraint && !new RegExp(`\\bcreate (unique )?index (if not exists )?${i.name} on\\b`).test(migrationSql)).map((i) => i.name),
    ];
    expect(implicit).toEqual([]);
  });

  test('value sets are check constraints named <table>_<column>_check, each value listed in the column comment', () => {
    const sets = constraints.filter((k) => k.type === 'c').flatMap((k) => {
      const set = valueSet(k.definition);
      return set ? [{ ...set, constraint: k }] : [];
    });
    expect(sets.length).toBeGreaterThan(15);
    for (const { column: name, values, constraint } of sets) {
      expect(constraint.name).toBe(`${constraint.table}_${name}_check`);
      const comment = column(constraint.table, name)?.comment ?? '';
      const listed = /One of: (.*)\.$/.exec(comment)?.[1]?.split(', ') ?? [];
      expect([constraint.name, listed]).toEqual([constraint.name, values]);
    }
  });

  test('no enum types: closed sets are check constraints', async () => {
    const { rows } = await db.client.query(
      `select t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
       where n.nspname in ('app_public', 'app_private') and t.typtype = 'e'`,
    );
    expect(rows).toEqual([]);
  });

  test('spec defaults of closed sets are members of the set', () => {
    const wanted: Record<string, string> = {
      'users.subscription_tier': "'Free'::text",
      'generation_requests.status': "'Pending'::text",
      'subscriptions.status': "'Active'::text",
      'ai_model_versions.status': "'Staged'::text",
      'ai_model_deployments.status': "'Initiated'::text",
    };
    for (const [key, value] of Object.entries(wanted)) {
      const [table, name] = key.split('.') as [string, string];
      expect([key, column(table, name)?.default]).toEqual([key, value]);
      const set = constraints.map((k) => (k.table === table ? valueSet(k.definition) : undefined)).find((s) => s?.column === name);
      expect(set?.values).toContain(value.replace(/^'(.*)'::text$/, '$1'));
    }
  });
});

/** Tables whose rows never change (migration 000003), with the name of the error an update gets. */
const APPEND_ONLY: Partial<Record<TableName, string>> = { credit_transactions: 'credit_transactions_append_only', usage_logs: 'usage_logs_append_only' };

describe('updated_at', () => {
  test('every table has the BEFORE UPDATE trigger _100_set_updated_at calling app_private.tg__set_updated_at()', async () => {
    const { rows } = await db.client.query<{ table: string; def: string }>(
      `select c.relname as table, pg_get_triggerdef(t.oid) as def
       from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'app_public' and not t.tgisinternal and t.tgname = '_100_set_updated_at'`,
    );
    expect(rows.map((r) => r.table).sort()).toEqual(tables.map((t) => t.table).sort());
    for (const row of rows) {
      expect(row.def).toMatch(/BEFORE UPDATE ON app_public\.\w+ FOR EACH ROW EXECUTE FUNCTION app_private\.tg__set_updated_at\(\)/);
    }
  });

  test('an update sets updated_at to now() on every table, whatever the client sends', async () => {
    await db.client.query('begin');
    try {
      const ids = await insertGoodRows(db.client);
      const { rows: now } = await db.client.query<{ now: Date }>('select now() as now');
      for (const table of tables.map((t) => t.table) as TableName[]) {
        // The append-only tables refuse the update itself (test/invariants.test.ts shows the one change they take setting updated_at).
        const appendOnly = APPEND_ONLY[table];
        if (appendOnly) {
          await db.client.query('savepoint append_only');
          const error = await db.client
            .query(`update app_public.${table} set updated_at = '2000-01-01T00:00:00Z' where id = $1`, [ids[table]])
            .then(() => undefined, (e: Error & { code?: string; constraint?: string }) => e);
          await db.client.query('rollback to savepoint append_only');
          expect([table, error?.code, error?.constraint]).toEqual([table, '23000', appendOnly]);
          continue;
        }
        const { rows } = await db.client.query<{ updated_at: Date }>(
          `update app_public.${table} set updated_at = '2000-01-01T00:00:00Z' where id = $1 returning updated_at`,
          [ids[table]],
        );
        expect([table, rows[0]?.updated_at.toISOString()]).toEqual([table, now[0]?.now.toISOString()]);
      }
    } finally {
      await db.client.query('rollback');
    }
  });
});

describe('the migration', () => {
  /** A canonical, sorted rendering of the two schemas: enough to tell whether two databases hold the same model. */
  async function fingerprint(target: ScratchDatabase): Promise<string[]> {
    const { rows } = await target.client.query<{ line: string }>(
      `with rels as (
         select c.oid, c.relname, n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname in ('app_public', 'app_private')
       )
       select 'rel ' || nspname || '.' || relname || ' ' || coalesce(obj_description(oid, 'pg_class'), '') as line from rels
       union all
       select 'col ' || r.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull
              || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' ' || a.attidentity::text || ' ' || coalesce(col_description(r.oid, a.attnum), '')
       from rels r join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
       union all
       select 'con ' || r.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid) || ' ' || coalesce(obj_description(k.oid, 'pg_constraint'), '')
       from rels r join pg_constraint k on k.conrelid = r.oid
       union all
       select 'idx ' || pg_get_indexdef(i.indexrelid) || ' ' || coalesce(obj_description(i.indexrelid, 'pg_class'), '')
       from rels r join pg_index i on i.indrelid = r.oid
       union all
       select 'trg ' || pg_get_triggerdef(t.oid) from rels r join pg_trigger t on t.tgrelid = r.oid and not t.tgisinternal
       union all
       select 'fn ' || pg_get_functiondef(p.oid) || ' ' || coalesce(obj_description(p.oid, 'pg_proc'), '')
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname in ('app_public', 'app_private')
       union all
       select 'schema ' || nspname || ' ' || coalesce(obj_description(oid, 'pg_namespace'), '')
       from pg_namespace where nspname in ('app_public', 'app_private')
       order by 1`,
    );
    return rows.map((r) => r.line);
  }

  test('the committed migrations are numbered from 000001 without a gap, each chained to the hash of the one before', () => {
    expect(migrationFiles.map((m) => m.file.slice(0, 6))).toEqual(migrationFiles.map((_, i) => String(i + 1).padStart(6, '0')));
    const headers = migrationFiles.map((m) => readFileSync(m.path, 'utf8'));
    const previous = headers.map((text) => /^--! Previous: (\S+)$/m.exec(text)?.[1]);
    const hashes = headers.map((text) => /^--! Hash: (\S+)$/m.exec(text)?.[1]);
    expect(previous).toEqual(['-', ...hashes.slice(0, -1)]);
  });

  test('runs on an empty database, and a second run leaves an identical schema', async () => {
    const empty = await createEmptyDatabase();
    // As graphile-migrate runs them: with the role names in place of the placeholders.
    const sql = withRolePlaceholders(migrationSql);
    try {
      await empty.client.query(sql);
      const once = await fingerprint(empty);
      expect(once).toEqual(await fingerprint(db));
      await empty.client.query(sql);
      expect(await fingerprint(empty)).toEqual(once);
    } finally {
      await empty.drop();
    }
  });
});
