/**
 * `npm run bench:queries` (issue #11): the hot-query catalog (queries/*.sql)
 * at the 1M scale, as real visitors, with row-level security on.
 *
 * Its own embedded PostgreSQL (data in .data/bench/queries-pg, port 54370 or
 * CFDB_BENCH_PG_PORT), with the server's default settings (durability on, as
 * the dev database), and a scratch database on it (bench_queries), dropped
 * at the end: the dev database is never touched.
 *
 *   1. every committed migration is applied (with --compare NNNNNN, only the
 *      ones before NNNNNN; with --compare current, all of them, and
 *      migrations/current.sql is the change measured);
 *   2. `--scale` usage logs (default 1m) are seeded with src/seed/, timing each
 *      step: wall time and, where /proc shows it, the server backend's CPU time
 *      (the machine is shared: CPU time is what a quiet machine would take);
 *   3. for each catalog query, as the heaviest user (alice) once with
 *      EXPLAIN (ANALYZE, BUFFERS): the scans, shared buffers, rows; then one
 *      uncounted round and ROUNDS counted rounds over VISITORS users spread over
 *      the sign-up order, each query timed from send to result as the app sees it
 *      (planning included); p50 and p95 over all of them;
 *   4. with --compare: the migration NNNNNN and the later ones are applied, the
 *      database analyzed, and step 3 repeated; the indexes it created and dropped
 *      are listed with their sizes.
 *
 * Progress goes to stderr; the report replaces its marked section of
 * docs/benchmarks.md (and is printed to stdout).
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { withClient } from '../src/db/client.ts';
import { startEmbedded } from '../src/db/embedded.ts';
import { ensureRoles, withRolePlaceholders } from '../src/db/roles.ts';
import { withScratchDatabase } from '../src/db/scratch.ts';
import { formatDuration } from '../src/lib/duration.ts';
import { currentMigrationPath, repoRoot } from '../src/lib/paths.ts';
import { loadCatalog, sampleParams, type CatalogQuery } from '../src/queries/catalog.ts';
import { buffersOf, describeScans, wholeTableScans, type PlanNode } from '../src/queries/plan.ts';
import { formatStep, loadSeed, type StepReport } from '../src/seed/load.ts';
import { parseAnchor, parseScale } from '../src/seed/plan.ts';
import { committedMigrationBodies } from '../test/helpers/database.ts';
import { asVisitor } from '../test/helpers/visitor.ts';

const benchDir = join(repoRoot, '.data', 'bench');
const port = Number(process.env.CFDB_BENCH_PG_PORT ?? 54370);
const benchmarksPath = join(repoRoot, 'docs', 'benchmarks.md');
const VISITORS = 30;
const ROUNDS = 5;
const TARGET_MS = 5;

interface QueryResult {
  query: CatalogQuery;
  samples: number[];
  plan: string;
  whole: string[];
  rows: number;
  buffers: { hit: number; read: number };
  executionMs: number;
}

function progress(message: string): void {
  process.stderr.write(`bench:queries: ${message}\n`);
}

/** The CPU seconds the server process serving this client has used, or undefined where /proc does not show it. */
async function backendCpu(client: pg.ClientBase): Promise<() => number | undefined> {
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  const path = `/proc/${rows[0]?.pid}/stat`;
  return () => {
    try {
      const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return undefined;
    }
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** The sessions of VISITORS users spread evenly over the sign-up order, alice (the first, with the most history) first. */
async function visitorSessions(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `with ranked as (select u.id, row_number() over (order by u.created_at, u.id) as n, count(*) over () as total from app_public.users u)
     select (select s.id from app_public.sessions s where s.user_id = r.id and s.expires_at > now() order by s.id limit 1) as id
     from ranked r where (r.n - 1) % greatest(1, r.total / $1) = 0 order by r.n limit $1`,
    [VISITORS],
  );
  return rows.map((r) => r.id).filter(Boolean);
}

async function measureQueries(client: pg.Client, sessions: string[]): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const query of loadCatalog()) {
    const explained = await asVisitor(client, sessions[0] ?? null, async () => {
      const params = (await sampleParams(client, query)) ?? [];
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(
        `explain (analyze, buffers, format json) ${query.sql}`,
        params,
      );
      const top = rows[0]?.['QUERY PLAN'][0];
      if (!top) throw new Error(`no plan for ${query.name}`);
      return top;
    });
    const samples: number[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      for (const session of sessions) {
        const ms = await asVisitor(client, session, async () => {
          const params = await sampleParams(client, query);
          if (!params) return undefined;
          const started = performance.now();
          await client.query(query.sql, params);
          return performance.now() - started;
        });
        if (round > 0 && ms !== undefined) samples.push(ms);
      }
    }
    const result: QueryResult = {
      query,
      samples,
      plan: describeScans(explained.Plan),
      whole: wholeTableScans(explained.Plan),
      rows: explained.Plan['Actual Rows'] ?? 0,
      buffers: buffersOf(explained.Plan),
      executionMs: explained['Execution Time'],
    };
    progress(`${query.name}: p50 ${percentile(samples, 50).toFixed(2)} ms, p95 ${percentile(samples, 95).toFixed(2)} ms over ${samples.length}; ${result.plan}`);
    results.push(result);
  }
  return results;
}

async function indexSizes(client: pg.ClientBase): Promise<Map<string, number>> {
  const { rows } = await client.query<{ name: string; bytes: string }>(
    `select i.indexrelid::regclass::text as name, pg_relation_size(i.indexrelid) as bytes
     from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'app_public'`,
  );
  return new Map(rows.map((r) => [r.name.replace(/^app_public\./, ''), Number(r.bytes)]));
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

function queryTable(results: QueryResult[]): string[] {
  return [
    '| query | p50 | p95 | samples | execution (alice) | rows (alice) | buffers hit/read (alice) | scans (alice, EXPLAIN ANALYZE) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| \`${r.query.name}\` | ${percentile(r.samples, 50).toFixed(2)} ms | ${percentile(r.samples, 95).toFixed(2)} ms | ${r.samples.length} | ${r.executionMs.toFixed(2)} ms | ${r.rows} | ${r.buffers.hit}/${r.buffers.read} | ${r.plan}${r.whole.length ? ` **(reads whole: ${r.whole.join(', ')})**` : ''} |`,
    ),
  ];
}

function compareTable(before: QueryResult[], after: QueryResult[]): string[] {
  return [
    '| query | p50 before | p50 after | p95 before | p95 after | execution (alice) | buffers (alice) | scans before → after (alice) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...after.map((a) => {
      const b = before.find((r) => r.query.name === a.query.name);
      const f = (r: QueryResult | undefined, p: number): string => (r ? `${percentile(r.samples, p).toFixed(2)} ms` : 'n/a');
      const buffers = (r: QueryResult | undefined): string => (r ? String(r.buffers.hit + r.buffers.read) : '?');
      return (
        `| \`${a.query.name}\` | ${f(b, 50)} | ${f(a, 50)} | ${f(b, 95)} | ${f(a, 95)} | ${b?.executionMs.toFixed(2) ?? '?'} → ${a.executionMs.toFixed(2)} ms | ` +
        `${buffers(b)} → ${buffers(a)} | ${b?.plan === a.plan ? 'unchanged' : `${b?.plan ?? '?'} → ${a.plan}`} |`
      );
    }),
  ];
}

function replaceSection(marker: string, body: string): void {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const text = readFileSync(benchmarksPath, 'utf8');
  const section = `${start}\n${body.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  writeFileSync(benchmarksPath, from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string' }, compare: { type: 'string' } } });
  const scale = parseScale(values.scale ?? '1m');
  const compare = values.compare;
  const committed = committedMigrationBodies();
  // --compare current: the work in progress, before it is committed (its figures go into its own comments).
  const migrations =
    compare === 'current' ? [...committed, { file: 'current.sql', body: withRolePlaceholders(readFileSync(currentMigrationPath, 'utf8')) }] : committed;
  const split = compare === undefined ? migrations.length : compare === 'current' ? committed.length : migrations.findIndex((m) => m.file.startsWith(compare));
  if (split < 0) throw new Error(`--compare ${compare}: no committed migration starts with it`);
  const label = compare === 'current' ? String(committed.length + 1).padStart(6, '0') : compare;
  const server = await startEmbedded({ dataDir: join(benchDir, 'queries-pg'), port, reuse: false, onProgress: progress });
  const loadBefore = loadavg();
  try {
    const rootUrl = server.url('postgres');
    await ensureRoles(rootUrl);
    await withScratchDatabase(rootUrl, 'bench_queries', (url) =>
      withClient(url, async (client) => {
        const postgres = (await client.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '?';
        for (const m of migrations.slice(0, split)) await client.query(m.body);
        progress(`applied ${migrations.slice(0, split).map((m) => m.file.slice(0, 6)).join(', ')}`);
        const cpu = await backendCpu(client);
        let lastCpu = cpu();
        const steps: Array<StepReport & { cpu?: number }> = [];
        const anchor = parseAnchor(undefined);
        const seeded = await loadSeed(client, {
          seed: 1,
          scale,
          anchor,
          onStep: (step) => {
            const now = cpu();
            const used = now !== undefined && lastCpu !== undefined ? now - lastCpu : undefined;
            lastCpu = now;
            steps.push({ ...step, cpu: used });
            progress(formatStep(step, used === undefined ? '' : ` (backend CPU ${used.toFixed(1)} s)`));
          },
        });
        const cpuTotal = steps.reduce((sum, s) => sum + (s.cpu ?? 0), 0);
        const rows = [...seeded.rows.values()].reduce((a, b) => a + b, 0);
        const sessions = await visitorSessions(client);
        const first = await measureQueries(client, sessions);
        const sizesBefore = await indexSizes(client);
        let after: QueryResult[] | undefined;
        let changes: string[] = [];
        if (compare !== undefined) {
          for (const m of migrations.slice(split)) {
            const started = performance.now();
            await client.query(m.body);
            progress(`applied ${m.file} in ${formatDuration(performance.now() - started)}`);
          }
          await client.query('analyze');
          after = await measureQueries(client, sessions);
          const sizesAfter = await indexSizes(client);
          changes = [
            ...[...sizesBefore].filter(([name]) => !sizesAfter.has(name)).map(([name, bytes]) => `| dropped | \`${name}\` | ${mb(bytes)} |`),
            ...[...sizesAfter].filter(([name]) => !sizesBefore.has(name)).map(([name, bytes]) => `| created | \`${name}\` | ${mb(bytes)} |`),
          ];
        }
        const machine = cpus();
        const header = [
          `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:queries${compare ? ` -- --compare ${compare}` : ''}\`` +
            `${scale === 1_000_000 ? '' : ` (--scale ${scale})`}.`,
          `Machine: ${machine.length} CPUs (${machine[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node.js ${process.version.slice(1)}, PostgreSQL ${postgres} (embedded, default settings).`,
          `Load average (1, 5, 15 min): ${loadBefore.map((v) => v.toFixed(2)).join(', ')} at the start, ${loadavg().map((v) => v.toFixed(2)).join(', ')} at the end.`,
          `Visitors: ${sessions.length} users spread over the sign-up order (alice first), ${ROUNDS} counted rounds each after one uncounted; times are client round trips (parse, plan, execute, fetch) inside the visitor's transaction.`,
        ];
        const body =
          compare === undefined
            ? [
                '### Seed load and hot queries at the 1M scale',
                '',
                ...header,
                '',
                `Seed (\`--seed 1\`, ${scale.toLocaleString('en')} usage logs): ${rows.toLocaleString('en')} rows in ${(seeded.ms / 1000).toFixed(1)} s wall, ${cpuTotal.toFixed(1)} s of server backend CPU.`,
                '',
                '| step | rows | wall | backend CPU |',
                '| --- | ---: | ---: | ---: |',
                ...steps.map((s) => `| ${s.label} | ${s.rows?.toLocaleString('en') ?? ''} | ${(s.ms / 1000).toFixed(1)} s | ${s.cpu === undefined ? 'n/a' : `${s.cpu.toFixed(1)} s`} |`),
                '',
                `Hot queries (goal: p95 under ${TARGET_MS} ms):`,
                '',
                ...queryTable(first),
              ]
            : [
                `### Indexes of migration ${label}: before and after, at the 1M scale`,
                '',
                ...header,
                `Loaded through the migration before ${label}, measured, then ${label}${compare === 'current' ? ' (then migrations/current.sql)' : ''} applied (indexes built on the loaded tables), analyzed, measured again.`,
                '',
                ...compareTable(first, after ?? []),
                '',
                '| change | index | size |',
                '| --- | --- | ---: |',
                ...changes,
                '',
                'After:',
                '',
                ...queryTable(after ?? []),
              ];
        const report = body.join('\n');
        replaceSection(compare === undefined ? 'bench:queries' : `bench:queries:compare-${label}`, report);
        process.stdout.write(`${report}\n`);
      }),
    );
  } finally {
    await server.stop();
    progress('embedded PostgreSQL stopped');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:queries: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
