/**
 * A synthetic app_public of any size for the generation benchmark, shaped
 * like the real CreativeFlow schema so the emitters do per-table work of the
 * same kind and amount. Per table, at 1,000 tables: 9.8 columns, 1.5 foreign
 * keys, 5.4 checks, 3.7 indexes (the real 22 tables: 8.3, 1.6, 3.4, 3.7).
 *
 * - Keys: uuid from gen_random_uuid(), or bigint identity for append-only
 *   logs (every seventh table).
 * - Columns: text with a named char_length check, closed value sets as named
 *   CHECKs, numeric, jsonb, boolean, integer, timestamptz, text[].
 * - Foreign keys to earlier tables, each with its index and an explicit
 *   ON DELETE, plus a few two-table cycles (closed by ALTER TABLE at the end,
 *   which the DDL emitter must break again).
 * - Every table and column commented; every non-log table has the
 *   updated_at trigger through one shared app_private function.
 *
 * Pure and deterministic (a seeded PRNG), so every run and every machine
 * benchmarks the same schema.
 */

const NOUNS = [
  'account', 'invoice', 'shipment', 'product', 'campaign', 'asset', 'review', 'channel', 'ticket', 'contract',
  'payment', 'playlist', 'workspace', 'report', 'segment', 'schedule', 'document', 'webhook', 'coupon', 'license',
];

/** Lifecycle value sets; each table's status column takes one. */
const STATUS_SETS: readonly (readonly string[])[] = [
  ['Draft', 'Active', 'Archived'],
  ['Pending', 'Processing', 'Completed', 'Failed'],
];

/** mulberry32: tiny, fast and good enough to vary a schema; the seed fixes the output. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Table {
  name: string;
  /** Append-only log with a bigint identity key and no updated_at. */
  log: boolean;
}

interface Column {
  name: string;
  type: string;
  comment: string;
  constraints?: string[];
}

/** A text column limited to a closed value set: a char_length check and a value-set check, both named. */
function valueSetColumn(table: string, name: string, values: readonly string[], comment: string): Column {
  const text = limitedText(table, name, 20, `${comment} One of: ${values.join(', ')}.`, `text not null default '${values[0]}'`);
  const allowed = values.map((v) => `'${v}'`).join(', ');
  return { ...text, constraints: [...(text.constraints ?? []), `constraint ${table}_${name}_check check (${name} in (${allowed}))`] };
}

/** A text column with its named char_length check, as the conventions want for the spec's String(n). */
function limitedText(table: string, name: string, max: number, comment: string, type = 'text not null'): Column {
  return { name, type, comment, constraints: [`constraint ${table}_${name}_char_length_check check (char_length(${name}) <= ${max})`] };
}

/** Optional columns a table may carry, each with its named checks. */
const EXTRAS: readonly ((table: string) => Column)[] = [
  (t) => limitedText(t, 'description', 2000, 'Free-text description shown to users.', 'text'),
  (t) => ({
    name: 'amount',
    type: 'numeric(12, 2) not null default 0',
    comment: 'Amount in the account currency; never negative.',
    constraints: [`constraint ${t}_amount_check check (amount >= 0)`],
  }),
  () => ({ name: 'quantity', type: 'integer not null default 1', comment: 'How many units.' }),
  () => ({ name: 'metadata', type: "jsonb not null default '{}'::jsonb", comment: 'Client-defined attributes.' }),
  () => ({ name: 'is_enabled', type: 'boolean not null default true', comment: 'Whether the row is in use.' }),
  () => ({ name: 'starts_at', type: 'timestamptz', comment: 'When the row takes effect, if scheduled.' }),
  () => ({ name: 'tags', type: "text[] not null default '{}'", comment: 'Labels for search and grouping.' }),
  (t) => valueSetColumn(t, 'priority', ['Low', 'Normal', 'High', 'Urgent'], 'How soon it needs attention.'),
  (t) => valueSetColumn(t, 'visibility', ['Public', 'Team', 'Private'], 'Who may see it.'),
];

/** Where each table's forward (cycle-closing) foreign key points, by table index. */
function cyclePartners(count: number): Map<number, number> {
  const partners = new Map<number, number>();
  for (let i = 50; i + 7 < count; i += 100) partners.set(i, i + 7);
  return partners;
}

/** The SQL that creates app_public (and app_private's trigger function) with `count` tables. */
export function syntheticSchemaSql(count: number, seed = 20260101, visitor?: string): string {
  const pick = random(seed);
  const tables: Table[] = Array.from({ length: count }, (_, i) => ({
    name: `${NOUNS[i % NOUNS.length]}_${String(i + 1).padStart(4, '0')}`,
    log: i % 7 === 6,
  }));
  const cycles = cyclePartners(count);
  const closing = new Map([...cycles].map(([from, to]) => [to, from]));
  const out: string[] = [
    'drop schema if exists app_public cascade;',
    'drop schema if exists app_private cascade;',
    'create schema app_public;',
    "comment on schema app_public is 'Synthetic benchmark tables exposed through the API.';",
    'create schema app_private;',
    'create function app_private.tg__set_updated_at() returns trigger language plpgsql set search_path = pg_catalog, pg_temp as $$',
    'begin',
    '  new.updated_at := now();',
    '  return new;',
    'end;',
    '$$;',
    "comment on function app_private.tg__set_updated_at() is 'Sets updated_at on every update.';",
  ];
  const deferred: string[] = [];

  tables.forEach((table, i) => {
    const t = table.name;
    const columns: Column[] = [
      table.log
        ? { name: 'id', type: 'bigint generated always as identity', comment: 'Primary key, in insertion order.' }
        : { name: 'id', type: 'uuid not null default gen_random_uuid()', comment: 'Primary key.' },
      limitedText(t, 'name', 50 + 50 * (i % 4), 'Display name.'),
      valueSetColumn(t, 'status', STATUS_SETS[i % STATUS_SETS.length] ?? [], 'Lifecycle state.'),
    ];

    // 0–3 parents among the 40 tables before this one, and the cycle partner if this table closes a cycle.
    const parents = new Set<number>();
    const closes = closing.get(i);
    if (closes !== undefined) parents.add(closes);
    const wanted = i === 0 ? 0 : Math.min(i, Math.floor(pick() * 4));
    while (parents.size < wanted) parents.add(i - 1 - Math.floor(pick() * Math.min(i, 40)));
    const indexes: string[] = [];
    for (const p of [...parents].sort((a, b) => a - b)) {
      const parent = tables[p];
      if (!parent) continue;
      const column = `${parent.name}_id`;
      const nullable = pick() < 0.3;
      const onDelete = nullable ? 'set null' : pick() < 0.7 ? 'cascade' : 'restrict';
      columns.push({
        name: column,
        type: `${parent.log ? 'bigint' : 'uuid'}${nullable ? '' : ' not null'}`,
        comment: `The ${parent.name} this row belongs to.`,
        constraints: [`constraint ${t}_${column}_fkey foreign key (${column}) references app_public.${parent.name} (id) on delete ${onDelete}`],
      });
      indexes.push(`create index ${t}_${column}_idx on app_public.${t} (${column});`);
    }

    for (const extra of EXTRAS) if (pick() < 0.35) columns.push(extra(t));
    columns.push({ name: 'created_at', type: 'timestamptz not null default now()', comment: 'When the row was created.' });
    if (!table.log) columns.push({ name: 'updated_at', type: 'timestamptz not null default now()', comment: 'When the row last changed; maintained by a trigger.' });

    const forward = cycles.get(i);
    const target = forward === undefined ? undefined : tables[forward];
    if (target) {
      const column = `${target.name}_id`;
      columns.push({ name: column, type: target.log ? 'bigint' : 'uuid', comment: `The ${target.name} this row points back to (a cycle).` });
      deferred.push(
        `alter table app_public.${t} add constraint ${t}_${column}_fkey foreign key (${column}) references app_public.${target.name} (id) on delete set null;`,
      );
      indexes.push(`create index ${t}_${column}_idx on app_public.${t} (${column});`);
    }
    if (pick() < 0.25) {
      const code = limitedText(t, 'code', 32, 'Short unique code.');
      columns.push({ ...code, constraints: [`constraint ${t}_code_key unique (code)`, ...(code.constraints ?? [])] });
    }
    indexes.push(`create index ${t}_created_at_idx on app_public.${t} (created_at);`);

    const definitions = [
      ...columns.map((c) => `  ${c.name} ${c.type}`),
      `  constraint ${t}_pkey primary key (id)`,
      ...columns.flatMap((c) => (c.constraints ?? []).map((constraint) => `  ${constraint}`)),
    ];
    out.push(`create table app_public.${t} (\n${definitions.join(',\n')}\n);`, ...indexes);
    if (!table.log) {
      out.push(`create trigger _100_set_updated_at before update on app_public.${t} for each row execute function app_private.tg__set_updated_at();`);
    }
    out.push(`comment on table app_public.${t} is '${table.log ? 'Append-only log' : 'Synthetic entity'} number ${i + 1} of ${count}.';`);
    for (const c of columns) out.push(`comment on column app_public.${t}.${c.name} is '${c.comment}';`);
  });
  return [...out, ...deferred, ...visitorGrants(visitor), ''].join('\n');
}

/**
 * The visitor may read and write every table, so the API ours builds (the
 * visitor's) has every table, like the one PostGraphile's CLI builds as the
 * owner: the GraphQL comparison is like with like.
 */
function visitorGrants(visitor: string | undefined): string[] {
  if (visitor === undefined) return [];
  return [`grant usage on schema app_public to ${visitor};`, `grant select, insert, update, delete on all tables in schema app_public to ${visitor};`];
}
