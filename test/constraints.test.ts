import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { repoRoot } from '../src/lib/paths.ts';
import { insertFreshRow, insertGoodRows, TABLES, updateRow, type Row, type RowIds, type TableName } from './fixtures/good-rows.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { compareNames } from '../src/lib/compare.ts';

/**
 * Every rule the schema enforces, broken one at a time. One valid row per
 * table (test/fixtures/good-rows.ts) is inserted in a transaction; each case
 * then runs inside a savepoint that is rolled back, changes or adds a row so
 * that exactly one constraint is violated, and checks that PostgreSQL names
 * that constraint. The catalog is the checklist: a constraint without a case
 * fails the suite.
 */

interface SpecColumn {
  column: string;
  seed_definition: string;
  references: string | null;
}
const spec = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'creativeflow-seed-schema.json'), 'utf8')) as {
  tables: { table: TableName; columns: SpecColumn[] }[];
};
const specColumns = spec.tables.flatMap((t) => t.columns.map((c) => ({ table: t.table, ...c })));

interface Ctx {
  client: pg.Client;
  ids: RowIds;
}

type SqlState = '23514' | '23505' | '23503';
const CHECK: SqlState = '23514';
const UNIQUE: SqlState = '23505';
const FOREIGN_KEY: SqlState = '23503';
/** ON DELETE RESTRICT reports foreign_key_violation (23503) on PostgreSQL 15 and restrict_violation (23001) on 18. */
const RESTRICT = expect.stringMatching(/^(23503|23001)$/) as unknown as string;

interface BadCase {
  constraint: string;
  code: SqlState;
  what: string;
  run(ctx: Ctx): Promise<unknown>;
}

/** Changes the good row of `table`. */
const update =
  (table: TableName, values: Row) =>
  (ctx: Ctx): Promise<void> =>
    updateRow(ctx.client, table, ctx.ids[table], values);

/** Inserts another valid row of `table`, with `overrides` (which may copy values of the good row). */
const insert =
  (table: TableName, overrides: (ctx: Ctx) => Promise<Row> | Row = () => ({})) =>
  async (ctx: Ctx): Promise<string> =>
    insertFreshRow(ctx.client, table, ctx.ids, await overrides(ctx));

/**
 * Where changing the good row would trip a second rule first, a case acts on a
 * fresh row instead: the ledger and the usage log never change (append-only, so
 * a new row carries the bad value); the good asset is its request's final asset,
 * so repointing its request trips generation_requests_final_asset_id_id_fkey;
 * and the good version is of an asset in the good project, so only a project
 * version (no asset) can name another project.
 */
const FRESH_CHILD: Record<string, Row> = {
  credit_transactions: {},
  usage_logs: {},
  'assets.generation_request_id': {},
  'asset_versions.project_id': { asset_id: null },
};

function freshChild(table: TableName, column: string): Row | undefined {
  return FRESH_CHILD[`${table}.${column}`] ?? FRESH_CHILD[table];
}

/** Sets `column` of the good row of `table` to `value`, or inserts a fresh row with it where FRESH_CHILD says so. */
const change = (table: TableName, column: string, value: unknown): ((ctx: Ctx) => Promise<unknown>) => {
  const fresh = freshChild(table, column);
  return fresh ? insert(table, () => ({ ...fresh, [column]: value })) : update(table, { [column]: value });
};

/** The good user's balance, as text. */
async function balance(ctx: Ctx): Promise<string> {
  const { rows } = await ctx.client.query<{ b: string }>('select credit_balance::text as b from app_public.users where id = $1', [ctx.ids.users]);
  return rows[0]?.b ?? '0';
}

/** A ledger row for the good user (named: freshRefs gives a ledger row its own user) of `amount` (the balance plus `by`, negated: a debit). */
const debit =
  (by: number) =>
  async (ctx: Ctx): Promise<string> =>
    insertFreshRow(ctx.client, 'credit_transactions', ctx.ids, {
      user_id: ctx.ids.users,
      amount: (-(Number(await balance(ctx)) + by)).toFixed(2),
      action_type: 'GenerationCharge',
    });

/** Values of the good row of `table`. */
async function good(ctx: Ctx, table: TableName, columns: string[]): Promise<Row> {
  const { rows } = await ctx.client.query<Row>(`select ${columns.join(', ')} from app_public.${table} where id = $1`, [ctx.ids[table]]);
  return rows[0] ?? {};
}

/**
 * The name of the char_length check of a column: <table>_<column>_char_length_check,
 * shortened to ..._char_len_check where that would pass PostgreSQL's 63-byte limit.
 */
function lengthCheckName(table: string, column: string): string {
  const name = `${table}_${column}_char_length_check`;
  return name.length <= 63 ? name : `${table}_${column}_char_len_check`;
}

/** A text of `length` characters that breaks no rule of the column other than its length. */
function textOfLength(table: string, column: string, length: number): string {
  if (table === 'users' && column === 'email') return `${'a'.repeat(length - '@example.com'.length)}@example.com`;
  if (table === 'assets' && column === 'mime_type') return `image/${'x'.repeat(length - 'image/'.length)}`;
  return 'x'.repeat(length);
}

/** String(n) columns of the spec, plus free-text columns this project added with a limit. */
const lengthLimited: { table: TableName; column: string; limit: number }[] = [
  ...specColumns
    // sessions.ip_address is String(45) in the spec and inet here: the type bounds it.
    .filter((c) => !(c.table === 'sessions' && c.column === 'ip_address'))
    .flatMap((c) => {
      const limit = /String\((\d+)\)/.exec(c.seed_definition)?.[1];
      return limit ? [{ table: c.table, column: c.column, limit: Number(limit) }] : [];
    }),
  { table: 'assets', column: 'mime_type', limit: 255 },
  { table: 'asset_versions', column: 'file_path', limit: 1024 },
  { table: 'ai_model_versions', column: 'source_path', limit: 1024 },
  { table: 'ai_model_deployments', column: 'endpoint_url', limit: 1024 },
];

/** Columns restricted to a closed value set by <table>_<column>_check. */
const valueSetColumns: [TableName, string][] = [
  ['users', 'subscription_tier'],
  ['users', 'social_provider'],
  ['social_media_connections', 'platform'],
  ['api_clients', 'status'],
  ['team_members', 'role'],
  ['notifications', 'type'],
  ['assets', 'type'],
  ['generation_requests', 'status'],
  ['subscriptions', 'status'],
  ['credit_transactions', 'action_type'],
  ['usage_logs', 'action_type'],
  ['ai_models', 'task_type'],
  ['ai_model_versions', 'status'],
  ['ai_model_validation_results', 'security_scan_status'],
  ['ai_model_validation_results', 'performance_check_status'],
  ['ai_model_validation_results', 'bias_check_status'],
  ['ai_model_validation_results', 'functional_check_status'],
  ['ai_model_deployments', 'environment'],
  ['ai_model_deployments', 'status'],
];

/** Foreign keys of the spec, plus those of columns this project added. */
const foreignKeys: { table: TableName; column: string; parent: TableName }[] = [
  ...specColumns.flatMap((c) => (c.references ? [{ table: c.table, column: c.column, parent: c.references as TableName }] : [])),
  { table: 'credit_transactions', column: 'api_client_id', parent: 'api_clients' },
];

const cases: BadCase[] = [
  // Lengths: one character over the limit.
  ...lengthLimited.map(({ table, column, limit }) => ({
    constraint: lengthCheckName(table, column),
    code: CHECK,
    what: `${table}.${column} longer than ${limit} characters`,
    run: change(table, column, textOfLength(table, column, limit + 1)),
  })),

  // Closed value sets: a value outside the set.
  ...valueSetColumns.map(([table, column]) => ({
    constraint: `${table}_${column}_check`,
    code: CHECK,
    what: `${table}.${column} outside its value set`,
    run: change(table, column, 'Bogus'),
  })),
  { constraint: 'users_subscription_tier_check', code: CHECK, what: 'value sets are case-sensitive', run: update('users', { subscription_tier: 'free' }) },

  // Other checks.
  { constraint: 'users_email_check', code: CHECK, what: 'e-mail without @', run: update('users', { email: 'not-an-email' }) },
  { constraint: 'users_email_check', code: CHECK, what: 'e-mail without a domain dot', run: update('users', { email: 'someone@localhost' }) },
  { constraint: 'users_email_check', code: CHECK, what: 'e-mail with a space', run: update('users', { email: 'some one@example.com' }) },
  { constraint: 'users_social_identity_check', code: CHECK, what: 'social provider without provider id', run: update('users', { social_provider_id: null }) },
  { constraint: 'users_social_identity_check', code: CHECK, what: 'provider id without social provider', run: update('users', { social_provider: null }) },
  // The balance changes only through the ledger (users_credit_balance_ledger, test/invariants.test.ts), which names this check for an overdraft.
  { constraint: 'users_credit_balance_check', code: CHECK, what: 'a debit of 0.01 more than the balance', run: debit(0.01) },
  { constraint: 'sessions_expires_at_check', code: CHECK, what: 'session expiring before it starts', run: update('sessions', { expires_at: '2000-01-01T00:00:00Z' }) },
  { constraint: 'assets_mime_type_check', code: CHECK, what: 'mime type that is not type/subtype', run: update('assets', { mime_type: 'PNG' }) },
  { constraint: 'assets_size_bytes_check', code: CHECK, what: 'negative file size', run: update('assets', { size_bytes: -1 }) },
  { constraint: 'asset_versions_version_number_check', code: CHECK, what: 'version number 0', run: update('asset_versions', { version_number: 0 }) },
  {
    constraint: 'asset_versions_subject_check',
    code: CHECK,
    what: 'version of neither an asset nor a project',
    run: update('asset_versions', { asset_id: null, project_id: null }),
  },
  {
    constraint: 'subscriptions_current_period_check',
    code: CHECK,
    what: 'billing period ending before it starts',
    run: update('subscriptions', { current_period_start: '2999-01-01T00:00:00Z' }),
  },
  { constraint: 'credit_transactions_amount_check', code: CHECK, what: 'zero credit amount', run: change('credit_transactions', 'amount', '0.00') },
  {
    constraint: 'asset_versions_project_id_version_number_key',
    code: UNIQUE,
    what: 'same version number twice for a project',
    run: async (ctx) => {
      const version = { asset_id: null, version_number: 7 };
      await insertFreshRow(ctx.client, 'asset_versions', ctx.ids, version);
      return insertFreshRow(ctx.client, 'asset_versions', ctx.ids, version);
    },
  },
  {
    constraint: 'asset_versions_asset_id_project_id_fkey',
    code: FOREIGN_KEY,
    what: "an asset's version naming a project the asset is not in",
    run: async (ctx) => update('asset_versions', { project_id: await insertFreshRow(ctx.client, 'projects', ctx.ids) })(ctx),
  },
  {
    constraint: 'generation_requests_final_asset_id_id_fkey',
    code: FOREIGN_KEY,
    what: 'a final asset that another request produced',
    run: async (ctx) => update('generation_requests', { final_asset_id: await insertFreshRow(ctx.client, 'assets', ctx.ids, { generation_request_id: null }) })(ctx),
  },
  { constraint: 'ai_model_versions_version_number_check', code: CHECK, what: 'blank version number', run: update('ai_model_versions', { version_number: '   ' }) },
  { constraint: 'ai_model_versions_version_number_check', code: CHECK, what: 'empty version number', run: update('ai_model_versions', { version_number: '' }) },
  { constraint: 'ai_model_deployments_replicas_check', code: CHECK, what: 'negative replica count', run: update('ai_model_deployments', { replicas: -1 }) },
  { constraint: 'ai_model_feedback_rating_check', code: CHECK, what: 'rating 0', run: update('ai_model_feedback', { rating: 0 }) },
  { constraint: 'ai_model_feedback_rating_check', code: CHECK, what: 'rating 6', run: update('ai_model_feedback', { rating: 6 }) },
  {
    constraint: 'ai_model_feedback_content_check',
    code: CHECK,
    what: 'feedback with neither rating nor comment',
    run: update('ai_model_feedback', { rating: null, comment: null }),
  },

  // Unique keys: a second row with the good row's key.
  {
    constraint: 'users_email_key',
    code: UNIQUE,
    what: 'same e-mail in other letter case',
    run: insert('users', async (ctx) => {
      const { email } = await good(ctx, 'users', ['email']);
      return { email: String(email).toUpperCase() };
    }),
  },
  {
    constraint: 'users_social_provider_social_provider_id_key',
    code: UNIQUE,
    what: 'same social identity twice',
    run: insert('users', (ctx) => good(ctx, 'users', ['social_provider', 'social_provider_id'])),
  },
  {
    constraint: 'social_media_connections_user_id_platform_external_user_id_key',
    code: UNIQUE,
    what: 'same platform account linked twice by one user',
    run: insert('social_media_connections', (ctx) => good(ctx, 'social_media_connections', ['user_id', 'platform', 'external_user_id'])),
  },
  { constraint: 'api_clients_api_key_key', code: UNIQUE, what: 'same API key twice', run: insert('api_clients', (ctx) => good(ctx, 'api_clients', ['api_key'])) },
  {
    constraint: 'team_members_team_id_user_id_key',
    code: UNIQUE,
    what: 'same user in a team twice',
    run: insert('team_members', (ctx) => good(ctx, 'team_members', ['team_id', 'user_id'])),
  },
  {
    constraint: 'asset_versions_asset_id_version_number_key',
    code: UNIQUE,
    what: 'same version number twice for an asset',
    run: insert('asset_versions', (ctx) => good(ctx, 'asset_versions', ['asset_id', 'version_number'])),
  },
  { constraint: 'subscriptions_user_id_key', code: UNIQUE, what: 'second subscription for a user', run: insert('subscriptions', (ctx) => good(ctx, 'subscriptions', ['user_id'])) },
  {
    constraint: 'subscriptions_odoo_sale_order_id_key',
    code: UNIQUE,
    what: 'same Odoo sale order for two subscriptions',
    run: insert('subscriptions', (ctx) => good(ctx, 'subscriptions', ['odoo_sale_order_id'])),
  },
  { constraint: 'ai_models_name_key', code: UNIQUE, what: 'same model name twice', run: insert('ai_models', (ctx) => good(ctx, 'ai_models', ['name'])) },
  {
    constraint: 'ai_model_versions_model_id_version_number_key',
    code: UNIQUE,
    what: 'same version label twice for a model',
    run: insert('ai_model_versions', (ctx) => good(ctx, 'ai_model_versions', ['model_id', 'version_number'])),
  },
  {
    constraint: 'ai_model_validation_results_model_version_id_key',
    code: UNIQUE,
    what: 'second validation result for a version',
    run: insert('ai_model_validation_results', (ctx) => good(ctx, 'ai_model_validation_results', ['model_version_id'])),
  },

  // Foreign keys: a reference to a row that does not exist.
  ...foreignKeys.map(({ table, column, parent }) => ({
    constraint: `${table}_${column}_fkey`,
    code: FOREIGN_KEY,
    what: `${table}.${column} pointing at a missing ${parent} row`,
    run: change(table, column, randomUUID()),
  })),
];

/** Valid edge values: each must be accepted. */
const accepted: { what: string; run(ctx: Ctx): Promise<unknown> }[] = [
  ...lengthLimited
    .filter(({ table, column }) => !valueSetColumns.some(([t, c]) => t === table && c === column))
    .map(({ table, column, limit }) => ({
      what: `${table}.${column} of exactly ${limit} characters`,
      run: update(table, { [column]: textOfLength(table, column, limit) }),
    })),
  { what: 'a debit of the whole balance (down to zero)', run: debit(0) },
  { what: 'a user without social sign-in', run: update('users', { social_provider: null, social_provider_id: null }) },
  { what: 'a user without a password (social sign-in only)', run: update('users', { password_hash: null }) },
  { what: 'version number 1', run: update('asset_versions', { version_number: 1 }) },
  { what: 'a project version (no asset)', run: update('asset_versions', { asset_id: null }) },
  { what: 'the same version number for an asset and for its project', run: insert('asset_versions', async (ctx) => ({ ...(await good(ctx, 'asset_versions', ['version_number'])), asset_id: null })) },
  { what: 'rating 1', run: update('ai_model_feedback', { rating: 1 }) },
  { what: 'feedback with only a comment', run: update('ai_model_feedback', { rating: null }) },
  { what: 'feedback with only a rating', run: update('ai_model_feedback', { comment: null }) },
  { what: 'a subscription without a period start', run: update('subscriptions', { current_period_start: null }) },
  { what: 'zero replicas', run: update('ai_model_deployments', { replicas: 0 }) },
  { what: 'an IPv6 session address', run: update('sessions', { ip_address: '2001:db8::1' }) },
  { what: 'a credit refund (positive amount)', run: insert('credit_transactions', () => ({ amount: '2.50', action_type: 'Refund' })) },
  { what: 'the same version number for two different assets', run: insert('asset_versions', async (ctx) => ({ ...(await good(ctx, 'asset_versions', ['version_number'])), asset_id: await insertFreshRow(ctx.client, 'assets', ctx.ids) })) },
  { what: 'the same version label for two different models', run: insert('ai_model_versions', async (ctx) => ({ ...(await good(ctx, 'ai_model_versions', ['version_number'])), model_id: await insertFreshRow(ctx.client, 'ai_models', ctx.ids) })) },
];

type OnDelete = 'cascade' | 'set null' | 'restrict';

/** The ON DELETE decision for every foreign key (the reasons are in the constraint comments). */
const ON_DELETE: Record<string, OnDelete> = {
  sessions_user_id_fkey: 'cascade',
  social_media_connections_user_id_fkey: 'cascade',
  api_clients_user_id_fkey: 'cascade',
  teams_owner_id_fkey: 'restrict',
  team_members_team_id_fkey: 'cascade',
  team_members_user_id_fkey: 'cascade',
  notifications_user_id_fkey: 'cascade',
  brand_kits_user_id_fkey: 'cascade',
  brand_kits_team_id_fkey: 'set null',
  workbenches_user_id_fkey: 'cascade',
  workbenches_default_brand_kit_id_fkey: 'set null',
  templates_user_id_fkey: 'set null',
  projects_workbench_id_fkey: 'cascade',
  projects_user_id_fkey: 'cascade',
  projects_template_id_fkey: 'set null',
  projects_brand_kit_id_fkey: 'set null',
  assets_project_id_fkey: 'cascade',
  assets_user_id_fkey: 'cascade',
  assets_generation_request_id_fkey: 'set null',
  asset_versions_asset_id_fkey: 'cascade',
  asset_versions_project_id_fkey: 'cascade',
  asset_versions_asset_id_project_id_fkey: 'cascade',
  generation_requests_user_id_fkey: 'cascade',
  generation_requests_project_id_fkey: 'cascade',
  generation_requests_final_asset_id_fkey: 'set null',
  generation_requests_final_asset_id_id_fkey: 'set null',
  subscriptions_user_id_fkey: 'restrict',
  credit_transactions_user_id_fkey: 'restrict',
  credit_transactions_generation_request_id_fkey: 'set null',
  credit_transactions_api_client_id_fkey: 'set null',
  usage_logs_user_id_fkey: 'cascade',
  ai_model_versions_model_id_fkey: 'restrict',
  ai_model_versions_validation_result_id_fkey: 'set null',
  ai_model_validation_results_model_version_id_fkey: 'cascade',
  ai_model_deployments_model_version_id_fkey: 'restrict',
  ai_model_feedback_user_id_fkey: 'cascade',
  ai_model_feedback_generation_request_id_fkey: 'set null',
  ai_model_feedback_model_version_id_fkey: 'set null',
};
const CONFDELTYPE: Record<string, OnDelete | 'no action' | 'set default'> = { c: 'cascade', n: 'set null', r: 'restrict', a: 'no action', d: 'set default' };

let db: ScratchDatabase;
let ctx: Ctx;

/** Runs `body` in a savepoint that is always rolled back; returns the error it raised, if any. */
async function attempt(body: (ctx: Ctx) => Promise<unknown>): Promise<(Error & { code?: string; constraint?: string }) | undefined> {
  await ctx.client.query('savepoint attempt');
  try {
    await body(ctx);
    return undefined;
  } catch (error) {
    return error as Error & { code?: string; constraint?: string };
  } finally {
    await ctx.client.query('rollback to savepoint attempt');
  }
}

/**
 * Unique constraints that contain the primary key: no row can break one
 * without breaking the primary key first, so no case can name them. They exist
 * as the targets of composite foreign keys, which have cases of their own.
 */
const SUPERKEYS = `select k.oid, k.conname, k.conrelid, k.conkey from pg_constraint k join pg_namespace n on n.oid = k.connamespace
  join pg_constraint p on p.conrelid = k.conrelid and p.contype = 'p'
  where n.nspname = 'app_public' and k.contype = 'u' and k.conkey @> p.conkey`;

/** Every check, unique and foreign-key constraint of app_public but the SUPERKEYS, plus unique indexes that back no constraint (users_email_key). */
async function catalogRules(): Promise<string[]> {
  const { rows } = await ctx.client.query<{ name: string }>(
    `select k.conname as name from pg_constraint k join pg_namespace n on n.oid = k.connamespace
     where n.nspname = 'app_public' and k.contype in ('c', 'u', 'f') and k.oid not in (select s.oid from (${SUPERKEYS}) s)
     union
     select i.relname from pg_index x join pg_class i on i.oid = x.indexrelid join pg_namespace n on n.oid = i.relnamespace
     where n.nspname = 'app_public' and x.indisunique and not exists (select from pg_constraint k where k.conindid = x.indexrelid)
     order by 1`,
  );
  return rows.map((r) => r.name);
}

beforeAll(async () => {
  db = await createMigratedDatabase();
  await db.client.query('begin');
  ctx = { client: db.client, ids: await insertGoodRows(db.client) };
});

afterAll(async () => {
  if (!db) return;
  await db.client.query('rollback');
  await db.drop();
});

describe('good rows', () => {
  test('one valid row is accepted in every table, with both reference cycles closed', async () => {
    const { rows } = await ctx.client.query<{ table: string }>(`select tablename as table from pg_tables where schemaname = 'app_public' order by 1`);
    expect(Object.keys(ctx.ids).sort()).toEqual(rows.map((r) => r.table));
    for (const table of TABLES) {
      const { rows: found } = await ctx.client.query(`select 1 from app_public.${table} where id = $1`, [ctx.ids[table]]);
      expect([table, found.length]).toEqual([table, 1]);
    }
    expect(await good(ctx, 'generation_requests', ['final_asset_id'])).toEqual({ final_asset_id: ctx.ids.assets });
    expect(await good(ctx, 'assets', ['generation_request_id'])).toEqual({ generation_request_id: ctx.ids.generation_requests });
    expect(await good(ctx, 'ai_model_versions', ['validation_result_id'])).toEqual({ validation_result_id: ctx.ids.ai_model_validation_results });
    expect(await good(ctx, 'ai_model_validation_results', ['model_version_id'])).toEqual({ model_version_id: ctx.ids.ai_model_versions });
  });

  test('the good rows fill every column, so every rule is exercised', async () => {
    const empty: string[] = [];
    for (const table of TABLES) {
      const { rows } = await ctx.client.query<Row>(`select * from app_public.${table} where id = $1`, [ctx.ids[table]]);
      for (const [column, value] of Object.entries(rows[0] ?? {})) if (value === null) empty.push(`${table}.${column}`);
    }
    expect(empty).toEqual([]);
  });

  test.each(accepted.map((c) => [c.what, c] as const))('accepts %s', async (_, { run }) => {
    expect(await attempt(run)).toBeUndefined();
  });
});

describe('bad rows', () => {
  test('every check, unique and foreign-key constraint in the catalog has a case, and every case a constraint', async () => {
    const rules = await catalogRules();
    const covered = new Set(cases.map((c) => c.constraint));
    expect(rules.filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !rules.includes(name)).sort()).toEqual([]);
  });

  test('every unique constraint that contains the primary key is the target of a foreign key, which has a case', async () => {
    const { rows } = await ctx.client.query<{ name: string; fkeys: string[] }>(
      `select s.conname as name, array(select f.conname::text from pg_constraint f where f.contype = 'f' and f.confrelid = s.conrelid and f.confkey = s.conkey order by 1) as fkeys
       from (${SUPERKEYS}) s order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual(['assets_id_generation_request_id_key', 'assets_id_project_id_key']);
    const covered = new Set(cases.map((c) => c.constraint));
    expect(rows.filter((r) => r.fkeys.length === 0 || !r.fkeys.every((f) => covered.has(f))).map((r) => r.name)).toEqual([]);
  });

  test.each(cases.map((c) => [`${c.constraint}: ${c.what}`, c] as const))('%s', async (_, { constraint, code, run }) => {
    const error = await attempt(run);
    expect(error).toBeDefined();
    expect({ constraint: error?.constraint, code: error?.code }).toEqual({ constraint, code });
  });
});

describe('on delete', () => {
  test('every foreign key has the ON DELETE decided for it', async () => {
    const { rows } = await ctx.client.query<{ name: string; action: string }>(
      `select k.conname as name, k.confdeltype::text as action from pg_constraint k join pg_namespace n on n.oid = k.connamespace
       where n.nspname = 'app_public' and k.contype = 'f' order by 1`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.name, CONFDELTYPE[r.action]]))).toEqual(
      Object.fromEntries(Object.entries(ON_DELETE).sort(([a], [b]) => compareNames(a, b))),
    );
  });

  /**
   * The good child row is pointed at a fresh parent row that nothing else
   * references; deleting that parent then shows this foreign key's action alone.
   */
  test.each(foreignKeys.map((fk) => [`${fk.table}_${fk.column}_fkey`, fk] as const))('%s: deleting the parent does what was decided', async (name, { table, column, parent }) => {
    const expected = ON_DELETE[name];
    let outcome: string | undefined;
    const error = await attempt(async ({ client, ids }) => {
      const parentId = await insertFreshRow(client, parent, ids);
      const fresh = freshChild(table, column);
      const childId = fresh ? await insertFreshRow(client, table, ids, { ...fresh, [column]: parentId }) : ids[table];
      if (!fresh) await updateRow(client, table, childId, { [column]: parentId });
      try {
        await client.query('savepoint parent_delete');
        await client.query(`delete from app_public.${parent} where id = $1`, [parentId]);
      } catch (error) {
        await client.query('rollback to savepoint parent_delete');
        const { rows: child } = await client.query<Row>(`select ${column} from app_public.${table} where id = $1`, [childId]);
        outcome = child[0]?.[column] === parentId ? 'restrict' : 'child changed after a failed delete';
        throw error;
      }
      const { rows } = await client.query<Row>(`select ${column} from app_public.${table} where id = $1`, [childId]);
      outcome = rows.length === 0 ? 'cascade' : rows[0]?.[column] === null ? 'set null' : 'left dangling';
    });
    expect(outcome).toBe(expected);
    if (expected === 'restrict') expect({ constraint: error?.constraint, code: error?.code }).toEqual({ constraint: name, code: RESTRICT });
    else expect(error).toBeUndefined();
  });

  test('a user with ledger entries cannot be deleted: financial records are kept', async () => {
    const error = await attempt(async ({ client, ids }) => {
      await client.query('delete from app_public.subscriptions where user_id = $1', [ids.users]);
      await client.query('delete from app_public.teams where owner_id = $1', [ids.users]);
      await client.query('delete from app_public.users where id = $1', [ids.users]);
    });
    expect({ constraint: error?.constraint, code: error?.code }).toEqual({ constraint: 'credit_transactions_user_id_fkey', code: RESTRICT });
  });

  test('a user without ledger entries, subscription or owned team can be deleted, taking their work along', async () => {
    const error = await attempt(async ({ client, ids }) => {
      // The ledger is append-only (credit_transactions_append_only); as the schema owner, this case sets the guard aside to
      // remove the good user's entry, inside the savepoint that is rolled back.
      await client.query('alter table app_public.credit_transactions disable trigger _000_append_only');
      await client.query('delete from app_public.credit_transactions where user_id = $1', [ids.users]);
      await client.query('alter table app_public.credit_transactions enable trigger _000_append_only');
      await client.query('delete from app_public.subscriptions where user_id = $1', [ids.users]);
      await client.query('delete from app_public.teams where owner_id = $1', [ids.users]);
      await client.query('delete from app_public.users where id = $1', [ids.users]);
      const { rows } = await client.query<{ n: number }>(
        `select (select count(*) from app_public.projects) + (select count(*) from app_public.assets)
              + (select count(*) from app_public.generation_requests) + (select count(*) from app_public.sessions) as n`,
      );
      expect(Number(rows[0]?.n)).toBe(0);
      const { rows: templates } = await client.query(`select user_id from app_public.templates where id = $1`, [ids.templates]);
      expect(templates).toEqual([{ user_id: null }]);
    });
    expect(error).toBeUndefined();
  });
});
