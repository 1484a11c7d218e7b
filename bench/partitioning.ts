/**
 * `npm run bench:partitioning` (issue #11, section 4): usage_logs as it is
 * (one table, primary key (id)) against the same table partitioned by month on
 * "timestamp" (primary key (id, "timestamp")), at 10M rows by default
 * (CFDB_BENCH_ROWS to change it).
 *
 * Both tables live in a scratch database (cfdb_bench_partitioning, every
 * committed migration applied, dropped afterwards) on the embedded dev
 * server, or on DATABASE_URL's server, and are copies of app_public.usage_logs
 * (`create table … (like …)`): its columns, identity, checks and indexes
 * (user_id, action_type, "timestamp"); its foreign key to users is left out,
 * as both would pay it alike. Rows are made by one set-based insert each
 * (generate_series), a year of logs in time order as an append-only log
 * fills, for USERS users.
 *
 * Measured: load time (insert, then vacuum analyze), size with indexes, and
 * for two queries, "the last 30 days of one user" and "one month's total",
 * the wall time of RUNS runs each (a different user each run, the two tables
 * taking turns so load from elsewhere hits both alike), p50 and p95, and each
 * plan's shape (which partitions it reads). Last, retention: deleting the
 * oldest month from the plain table against detaching and dropping its
 * partition. Progress goes to stderr, the Markdown report to stdout.
 */

import { cpus, loadavg, totalmem } from 'node:os';
import type pg from 'pg';
import { withClient } from '../src/db/client.ts';
import { openConnections } from '../src/db/connections.ts';
import { formatDuration } from '../src/lib/duration.ts';
import { withScratchDatabase } from '../src/db/scratch.ts';
import { migrateDatabase } from '../test/helpers/database.ts';
import { percentile } from './stats.ts';

const ROWS = Number(process.env.CFDB_BENCH_ROWS ?? 10_000_000);
const USERS = 10_000;
const RUNS = Number(process.env.CFDB_BENCH_RUNS ?? 30);
/** "Now" for the data and the queries: the log ends here, a year after it starts. */
const END = '2026-12-01 00:00:00+00';
const MONTHS = 12;

/** The real table, copied from a migrated database: its columns, defaults, identity, checks and indexes (not its foreign key). */
const SOURCE = 'app_public.usage_logs';

const PLAIN_DDL = `create table logs_plain (like ${SOURCE} including all)`;

/**
 * The same table partitioned by month on "timestamp": the primary key must
 * hold the partition column, so it becomes (id, "timestamp"); the other
 * indexes are the real table's, created on the parent (and so on every
 * partition). The month partitions of the year, one more for the month after
 * END, and a default for anything outside.
 */
function partitionedDdl(): string {
  const months = Array.from({ length: MONTHS + 1 }, (_, i) => i - MONTHS);
  const partitions = months.map((offset) => {
    const from = `date_trunc('month', timestamptz '${END}' + interval '${offset} month')`;
    return `execute format('create table %I partition of logs_partitioned for values from (%L) to (%L)',
      'logs_partitioned_' || to_char(${from} at time zone 'UTC', 'YYYY_MM'), ${from}, ${from} + interval '1 month');`;
  });
  return `
    create table logs_partitioned (like ${SOURCE} including all excluding indexes,
      constraint logs_partitioned_pkey primary key (id, "timestamp")) partition by range ("timestamp");
    do $$ begin ${partitions.join('\n')} end $$;
    create table logs_partitioned_default partition of logs_partitioned default;
    do $$ declare definition text; begin
      for definition in select replace(indexdef, ' ON ${SOURCE} ', ' ON logs_partitioned ') from pg_indexes
                        where schemaname || '.' || tablename = '${SOURCE}' and indexname <> 'usage_logs_pkey'
      loop execute definition; end loop;
    end $$;`;
}

/** A year of rows in time order; user n's id is md5(n)::uuid, so a query can name one without a lookup. */
const LOAD = (table: string): string => `
  insert into ${table} (user_id, action_type, details, "timestamp", created_at, updated_at)
  select md5((i % ${USERS})::text)::uuid,
         (array['Login', 'Logout', 'ProjectCreated', 'AssetUploaded', 'AssetExported', 'GenerationRequested',
                'GenerationCompleted', 'TemplateUsed', 'SocialPublish', 'ApiCall'])[1 + i % 10],
         case when i % 4 = 0 then jsonb_build_object('request', i) end,
         t, t, t
  from generate_series(1, ${ROWS}) as i
  cross join lateral (select timestamptz '${END}' - interval '${MONTHS} month'
                             + (i - 1) * (interval '${MONTHS} month' / ${ROWS})) as x(t)`;

interface Query {
  label: string;
  sql(table: string, run: number): string;
}

const userOf = (run: number): string => `md5('${(run * 37) % USERS}')::uuid`;

const QUERIES: Query[] = [
  {
    label: 'last 30 days of one user',
    sql: (table, run) => `select id, action_type, "timestamp" from ${table}
      where user_id = ${userOf(run)} and "timestamp" >= timestamptz '${END}' - interval '30 days'
      order by "timestamp" desc`,
  },
  {
    label: "one month's total",
    sql: (table) => `select count(*) from ${table}
      where "timestamp" >= timestamptz '${END}' - interval '2 month' and "timestamp" < timestamptz '${END}' - interval '1 month'`,
  },
];

const TABLES = ['logs_plain', 'logs_partitioned'] as const;
type Table = (typeof TABLES)[number];

interface TableFigures {
  loadMs: number;
  vacuumMs: number;
  bytes: number;
  retentionMs?: number;
}

function progress(message: string): void {
  process.stderr.write(`bench:partitioning: ${message}\n`);
}

async function timed(client: pg.Client, sql: string): Promise<number> {
  const started = performance.now();
  await client.query(sql);
  return performance.now() - started;
}

/** The total size of a table with its indexes, and of every partition when it has any. */
async function totalBytes(client: pg.Client, table: Table): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>(
    // pg_partition_tree has no rows for a table that is not partitioned.
    `select coalesce((select sum(pg_total_relation_size(relid)) from pg_partition_tree($1::regclass)),
                     pg_total_relation_size($1::regclass))::bigint as bytes`,
    [table],
  );
  return Number(rows[0]?.bytes ?? NaN);
}

/** The plan's node types and the relations it scans, one line per node, without costs: its shape. */
async function planShape(client: pg.Client, sql: string): Promise<string> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${sql}`);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/** How many partitions a plan reads: the scans left after pruning (the plan prints those it removed as a count). */
function partitionsRead(plan: string): number {
  return new Set(plan.match(/ on logs_partitioned_(?:\d{4}_\d{2}|default)\b/g)).size;
}

async function load(client: pg.Client, table: Table): Promise<TableFigures> {
  await client.query(table === 'logs_plain' ? PLAIN_DDL : partitionedDdl());
  progress(`${table}: loading ${ROWS.toLocaleString('en')} rows`);
  const loadMs = await timed(client, LOAD(table));
  const vacuumMs = await timed(client, `vacuum (analyze) ${table}`);
  const bytes = await totalBytes(client, table);
  progress(`${table}: ${formatDuration(loadMs)} to load, ${formatDuration(vacuumMs)} to vacuum, ${(bytes / 2 ** 20).toFixed(0)} MiB`);
  return { loadMs, vacuumMs, bytes };
}

interface QueryFigures {
  query: Query;
  samples: Map<Table, number[]>;
  plans: Map<Table, string>;
  rows: Map<Table, number>;
}

async function measureQueries(client: pg.Client): Promise<QueryFigures[]> {
  const figures: QueryFigures[] = [];
  for (const query of QUERIES) {
    const result: QueryFigures = { query, samples: new Map(), plans: new Map(), rows: new Map() };
    for (const table of TABLES) {
      result.plans.set(table, await planShape(client, query.sql(table, 0)));
      // One uncounted run each: the first reads the pages from disk into the cache.
      result.rows.set(table, (await client.query(query.sql(table, 0))).rowCount ?? 0);
      result.samples.set(table, []);
    }
    for (let run = 1; run <= RUNS; run++) {
      for (const table of TABLES) result.samples.get(table)?.push(await timed(client, query.sql(table, run)));
    }
    progress(`${query.label}: ${RUNS} runs on each table`);
    figures.push(result);
  }
  return figures;
}

/** The oldest month out: a delete on the plain table, detach and drop of its partition on the other. */
async function measureRetention(client: pg.Client, figures: Map<Table, TableFigures>): Promise<void> {
  const oldest = `(timestamptz '${END}' - interval '${MONTHS} month')`;
  const plain = figures.get('logs_plain');
  if (plain) plain.retentionMs = await timed(client, `delete from logs_plain where "timestamp" < ${oldest} + interval '1 month'`);
  const { rows } = await client.query<{ name: string }>(
    `select 'logs_partitioned_' || to_char(${oldest} at time zone 'UTC', 'YYYY_MM') as name`,
  );
  const name = rows[0]?.name ?? '';
  const partitioned = figures.get('logs_partitioned');
  if (partitioned) partitioned.retentionMs = await timed(client, `alter table logs_partitioned detach partition ${name}; drop table ${name}`);
  progress(`retention: delete ${plain?.retentionMs?.toFixed(0)} ms, detach + drop ${partitioned?.retentionMs?.toFixed(0)} ms`);
}

const ms = (value: number | undefined): string => (value === undefined ? 'n/a' : value < 100 ? value.toFixed(1) : value.toFixed(0));

function report(version: string, loads: number[], tables: Map<Table, TableFigures>, queries: QueryFigures[]): string {
  const plain = tables.get('logs_plain');
  const partitioned = tables.get('logs_partitioned');
  const lines = [
    `### ${new Date().toUTCString()}: ${ROWS.toLocaleString('en')} rows, ${USERS.toLocaleString('en')} users, ${MONTHS} months`,
    '',
    `${version}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM; load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the run.`,
    '',
    '| | plain (PK `id`) | partitioned by month (PK `id, "timestamp"`) |',
    '| --- | ---: | ---: |',
    `| load (one insert … select) | ${((plain?.loadMs ?? NaN) / 1000).toFixed(1)} s | ${((partitioned?.loadMs ?? NaN) / 1000).toFixed(1)} s |`,
    `| vacuum analyze | ${((plain?.vacuumMs ?? NaN) / 1000).toFixed(1)} s | ${((partitioned?.vacuumMs ?? NaN) / 1000).toFixed(1)} s |`,
    `| size with indexes | ${((plain?.bytes ?? NaN) / 2 ** 20).toFixed(0)} MiB | ${((partitioned?.bytes ?? NaN) / 2 ** 20).toFixed(0)} MiB |`,
    ...queries.map(({ query, samples, plans, rows }) => {
      const cell = (table: Table): string => {
        const values = samples.get(table) ?? [];
        const parts = partitionsRead(plans.get(table) ?? '');
        const read = table === 'logs_partitioned' ? `, reads ${parts} of ${MONTHS + 2} partitions` : '';
        return `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))} ms (${rows.get(table)} row${rows.get(table) === 1 ? '' : 's'}${read})`;
      };
      return `| ${query.label}: p50 / p95 of ${RUNS} | ${cell('logs_plain')} | ${cell('logs_partitioned')} |`;
    }),
    `| retention: the oldest month out | ${ms(plain?.retentionMs)} ms (\`delete\`) | ${ms(partitioned?.retentionMs)} ms (\`detach partition\` + \`drop table\`) |`,
    '',
    'Plans (`explain (costs off)`):',
    '',
    ...queries.flatMap(({ query, plans }) =>
      TABLES.flatMap((table) => [`${query.label}, ${table}:`, '', '```', plans.get(table) ?? '', '```', '']),
    ),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const connections = await openConnections({ root: true, onProgress: progress });
  try {
    const rootUrl = connections.rootUrl ?? connections.databaseUrl;
    const output = await withScratchDatabase(rootUrl, 'cfdb_bench_partitioning', async (url) => {
      await migrateDatabase(url);
      return withClient(url, async (client) => {
        const version = (await client.query<{ v: string }>(`select 'PostgreSQL ' || current_setting('server_version') as v`)).rows[0]?.v ?? '';
        const loads = [loadavg()[0] ?? NaN];
        const tables = new Map<Table, TableFigures>();
        for (const table of TABLES) {
          tables.set(table, await load(client, table));
          loads.push(loadavg()[0] ?? NaN);
        }
        const queries = await measureQueries(client);
        loads.push(loadavg()[0] ?? NaN);
        await measureRetention(client, tables);
        loads.push(loadavg()[0] ?? NaN);
        return report(version, loads, tables, queries);
      });
    });
    process.stdout.write(`${output}\n`);
  } finally {
    await connections.release();
  }
}

await main();
