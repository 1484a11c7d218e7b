/**
 * `npm run bench:generate` (issue #3): how long generation takes, whole
 * process, beside kysely-codegen on the same databases in the same run.
 *
 * Its own embedded PostgreSQL (data in .data/bench/pg, port 54369 or
 * CFDB_BENCH_PG_PORT) holds three schemas in turn: the real one (every
 * committed migration) and synthetic ones of 500 and 1,000 tables
 * (bench/synthetic-schema.ts). On each, three commands run as child
 * processes, so start-up and module loading count:
 *
 * - ours, model: introspect + every non-GraphQL artifact (bench/run-generate.ts)
 * - ours, full:  the same plus PostGraphile's SDL and graphql-codegen
 * - kysely-codegen: its types-only run over app_public
 *
 * Ours run with an empty cache (CFDB_CACHE_DIR: rendered PNGs, the GraphQL
 * output), as on a fresh clone or in CI. On the real schema both also run
 * as "…, cache filled", keeping their cache from run to run, as a
 * developer's second `npm start` on an unchanged database does.
 *
 * On the real schema one warm-up run of each is not counted (it fills tsx's
 * transform cache and the server's catalog caches); then N rounds run the
 * three in turn, so a burst of load from elsewhere hits all three alike.
 * Reported: the median wall time, its spread, the machine's load average
 * around the runs (a shared machine makes noise), peak RSS (GNU time's, where
 * /usr/bin/time exists), our in-process stage timings, and the ratios the
 * issue sets targets for. Progress goes to stderr, the Markdown report to
 * stdout.
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { withClient } from '../src/db/client.ts';
import { startEmbedded } from '../src/db/embedded.ts';
import { withScratchDatabase } from '../src/db/scratch.ts';
import { formatDuration } from '../src/lib/duration.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { migrateDatabase } from '../test/helpers/database.ts';
import type { Mode, RunReport } from './run-generate.ts';
import { median } from './stats.ts';
import { syntheticSchemaSql } from './synthetic-schema.ts';

const benchDir = join(repoRoot, '.data', 'bench');
const port = Number(process.env.CFDB_BENCH_PG_PORT ?? 54369);
const gnuTime = '/usr/bin/time';
const kyselyBin = join(repoRoot, 'node_modules', 'kysely-codegen', 'dist', 'cli', 'bin.js');

interface Schema {
  label: string;
  database: string;
  tools: Tool[];
  runs: number;
  /**
   * One uncounted run of each command first. The first schema needs it (tsx's
   * transform cache, the OS file cache); for the large ones a cold first run
   * costs the same as the rest and takes minutes, so there is none.
   */
  warmUp: boolean;
  load(url: string): Promise<void>;
}

const synthetic = (tables: number): Schema => ({
  label: `synthetic, ${tables.toLocaleString('en')} tables`,
  database: `bench_synthetic_${tables}`,
  tools: ['ours, model', 'ours, full', 'kysely-codegen'],
  runs: 3,
  warmUp: false,
  load: (url) => withClient(url, async (client) => void (await client.query(syntheticSchemaSql(tables)))),
});

const SCHEMAS: Schema[] = [
  {
    label: 'CreativeFlow (real)',
    database: 'bench_creativeflow',
    tools: ['ours, model', 'ours, model, cache filled', 'ours, full', 'ours, full, cache filled', 'kysely-codegen'],
    runs: 7,
    warmUp: true,
    load: migrateDatabase,
  },
  synthetic(500),
  synthetic(1000),
];

type Tool = `ours, ${Mode}` | `ours, ${Mode}, cache filled` | 'kysely-codegen';

interface Sample {
  ms: number;
  /** Peak resident set, KiB. */
  rssKb: number | undefined;
  report?: RunReport;
  /** Why the command failed (its error line), when it exited non-zero. */
  error?: string;
}

interface Result {
  schema: Schema;
  tables: number;
  tool: Tool;
  /** Successful runs only. */
  samples: Sample[];
  /** The first failed run: it is reported, and the command is not run again on that schema. */
  failure?: Sample;
  /** The 1-minute load average after each run. */
  loads: number[];
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

interface Run {
  argv: string[];
  env: NodeJS.ProcessEnv;
}

function commandFor(tool: Tool, url: string): Run {
  const out = join(benchDir, 'out', tool.replace(/\W+/g, '-'));
  if (tool === 'kysely-codegen') {
    mkdirSync(out, { recursive: true });
    return { argv: [process.execPath, kyselyBin, '--dialect', 'postgres', '--url', url, '--include-pattern', 'app_public.*', '--log-level', 'error', '--out-file', join(out, 'db.d.ts')], env: process.env };
  }
  const cached = tool.endsWith(', cache filled');
  // A filled cache is each command's own, kept from its previous run; an empty one is emptied before every run.
  const cache = join(benchDir, cached ? `cache-${tool.replace(/\W+/g, '-')}` : 'cache-empty');
  if (!cached) rmSync(cache, { recursive: true, force: true });
  const mode: Mode = tool.startsWith('ours, model') ? 'model' : 'full';
  return { argv: [process.execPath, '--import', 'tsx', join(repoRoot, 'bench', 'run-generate.ts'), url, mode, out], env: { ...process.env, CFDB_CACHE_DIR: cache } };
}

/** Runs one command to completion: wall time from spawn to exit, peak RSS from GNU time (or the child's own report). */
async function measure({ argv: command, env }: Run): Promise<Sample> {
  const timeFile = join(benchDir, 'time.txt');
  rmSync(timeFile, { force: true });
  const argv = existsSync(gnuTime) ? [gnuTime, '-v', '-o', timeFile, ...command] : command;
  const started = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(argv[0] ?? '', argv.slice(1), { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit, stdout: out, stderr: err }));
  });
  const ms = performance.now() - started;
  const timed = existsSync(timeFile) ? /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'))?.[1] : undefined;
  const rssKb = timed !== undefined ? Number(timed) : undefined;
  if (code !== 0) {
    // The error's own line (say "RangeError: Maximum call stack size exceeded"), not the end of its stack trace.
    const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
    return { ms, rssKb, error: lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.at(-1) ?? `exit code ${code}` };
  }
  const last = stdout.trim().split('\n').pop() ?? '';
  const report = last.startsWith('{') ? (JSON.parse(last) as RunReport) : undefined;
  return { ms, rssKb: rssKb ?? report?.maxRssKb, report };
}

/** The two GraphQL files (schema.graphql, graphql.ts) are all that the full mode may add to the model mode. */
function assertComparable(reports: Map<Tool, RunReport>): void {
  const model = reports.get('ours, model')?.files;
  const full = reports.get('ours, full')?.files;
  if (model !== undefined && full !== undefined && full - model !== 2) {
    throw new Error(`the model mode wrote ${model} files and the full mode ${full}: bench/run-generate.ts misses an emitter the full generation has.`);
  }
}

async function benchSchema(rootUrl: string, schema: Schema): Promise<Result[]> {
  return withScratchDatabase(rootUrl, schema.database, async (url) => {
    const started = performance.now();
    await schema.load(url);
    const tables = await withClient(url, async (client) => {
      const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from pg_class where relnamespace = 'app_public'::regnamespace and relkind in ('r', 'p')`);
      return rows[0]?.n ?? 0;
    });
    progress(`[${schema.label}] ${tables} tables loaded in ${formatDuration(performance.now() - started)}`);
    const results: Result[] = schema.tools.map((tool) => ({ schema, tables, tool, samples: [], loads: [] }));
    const reports = new Map<Tool, RunReport>();
    for (let round = schema.warmUp ? 0 : 1; round <= schema.runs; round++) {
      for (const result of results.filter((r) => !r.failure)) {
        const sample = await measure(commandFor(result.tool, url));
        const what = round === 0 ? 'warm-up' : `${round}/${schema.runs}`;
        const rss = sample.rssKb === undefined ? '' : `, ${Math.round(sample.rssKb / 1024)} MiB`;
        const failed = sample.error ? ` FAILED: ${sample.error}` : '';
        const load = loadavg()[0] ?? NaN;
        result.loads.push(load);
        progress(`[${schema.label}] ${result.tool} ${what}: ${(sample.ms / 1000).toFixed(2)} s${rss}${failed} (load ${load.toFixed(1)})`);
        if (sample.error) result.failure = sample;
        else if (round > 0) result.samples.push(sample);
        if (sample.report) reports.set(result.tool, sample.report);
      }
      assertComparable(reports);
    }
    return results;
  });
}

const seconds = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : (ms / 1000).toFixed(2));
const mib = (kb: number | undefined): string => (kb === undefined ? 'n/a' : String(Math.round(kb / 1024)));

/** NaN when the command failed or did not run. */
function wallMedian(result: Result | undefined): number {
  return median(result?.samples.map((s) => s.ms) ?? []);
}

function peakRss(result: Result | undefined): number | undefined {
  const values = (result?.samples ?? []).flatMap((s) => (s.rssKb === undefined ? [] : [s.rssKb]));
  return values.length ? Math.max(...values) : undefined;
}

function report(results: Result[], machine: string[]): string {
  const find = (database: string, tool: Tool): Result | undefined =>
    results.find((r) => r.schema.database === database && r.tool === tool);
  const lines = [
    ...machine,
    '',
    '| schema | tables | command | N | median s | min–max s | peak RSS MiB | files written | load (1 min) |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => {
      const row = `| ${r.schema.label} | ${r.tables} | ${r.tool} | ${r.samples.length} |`;
      const load = `${Math.min(...r.loads).toFixed(1)}–${Math.max(...r.loads).toFixed(1)}`;
      if (r.failure) {
        return `${row} failed after ${seconds(r.failure.ms)} s: ${r.failure.error ?? ''} | – | ${mib(r.failure.rssKb)} | – | ${load} |`;
      }
      const times = r.samples.map((s) => s.ms);
      const files = r.tool === 'kysely-codegen' ? 1 : (r.samples[0]?.report?.files ?? 0);
      return `${row} ${seconds(wallMedian(r))} | ${seconds(Math.min(...times))}–${seconds(Math.max(...times))} | ${mib(peakRss(r))} | ${files} | ${load} |`;
    }),
    '',
    'In-process stage timings, median ms (the ERD and the GraphQL thread run beside the other stages, so they need not add up):',
    '',
  ];
  const stages = [...new Set(results.flatMap((r) => r.samples.flatMap((s) => Object.keys(s.report?.timings ?? {}))))];
  lines.push(`| schema | command | ${stages.join(' | ')} |`, `| --- | --- |${' ---: |'.repeat(stages.length)}`);
  for (const r of results.filter((result) => result.tool !== 'kysely-codegen')) {
    const cells = stages.map((stage) => {
      const values = r.samples.flatMap((s) => (s.report?.timings[stage] === undefined ? [] : [s.report.timings[stage]]));
      return values.length ? String(Math.round(median(values))) : '–';
    });
    lines.push(`| ${r.schema.label} | ${r.tool} | ${cells.join(' | ')} |`);
  }

  const [real, small, large] = SCHEMAS.map((s) => s.database);
  // A failed command has no median (NaN), and its ratios say so.
  const ratio = (a: number, b: number): string => (Number.isNaN(a / b) ? 'n/a (a run failed)' : (a / b).toFixed(2));
  const growth = (tool: Tool): string => ratio(wallMedian(find(large ?? '', tool)), wallMedian(find(small ?? '', tool)));
  const model = wallMedian(find(real ?? '', 'ours, model'));
  const cachedModel = wallMedian(find(real ?? '', 'ours, model, cache filled'));
  const kysely = wallMedian(find(real ?? '', 'kysely-codegen'));
  const full = wallMedian(find(real ?? '', 'ours, full'));
  const cachedFull = wallMedian(find(real ?? '', 'ours, full, cache filled'));
  const scaled = SCHEMAS.at(-1)?.tools ?? [];
  lines.push(
    '',
    'Ratios (whole process, medians) against the targets of issue #3:',
    '',
    `- ours (everything except GraphQL) / kysely-codegen at ${find(real ?? '', 'kysely-codegen')?.tables ?? '?'} tables: ${ratio(model, kysely)} with an empty cache, ${ratio(cachedModel, kysely)} with it filled (target ≤ 1.00; ${seconds(model)} s and ${seconds(cachedModel)} s vs ${seconds(kysely)} s)`,
    `- full generation at ${find(real ?? '', 'ours, full')?.tables ?? '?'} tables: ${seconds(full)} s with an empty cache, ${seconds(cachedFull)} s with it filled (target < 2.5 s)`,
    `- growth 500 → 1,000 tables (2.00 = linear): ${scaled.map((tool) => `${tool} ${growth(tool)}`).join(', ')}`,
    `- peak RSS at 1,000 tables (target < 1024 MiB): ${scaled.map((tool) => {
      const result = find(large ?? '', tool);
      return result?.failure ? `${tool} failed (${mib(result.failure.rssKb)} MiB when it did)` : `${tool} ${mib(peakRss(result))} MiB`;
    }).join(', ')}`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  rmSync(join(benchDir, 'out'), { recursive: true, force: true });
  const server = await startEmbedded({
    dataDir: join(benchDir, 'pg'),
    port,
    reuse: false,
    // Throwaway data: durability only slows loading the synthetic schemas.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    onProgress: progress,
  });
  const loadBefore = loadavg();
  try {
    const rootUrl = server.url('postgres');
    const postgres = await withClient(rootUrl, async (client) => (await client.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '?');
    const results: Result[] = [];
    for (const schema of SCHEMAS) results.push(...(await benchSchema(rootUrl, schema)));
    const cpu = cpus();
    const load = (values: number[]): string => values.map((v) => v.toFixed(2)).join(', ');
    const machine = [
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
      `Machine: ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node.js ${process.version.slice(1)}, PostgreSQL ${postgres} (embedded).`,
      `Load average (1, 5, 15 min): ${load(loadBefore)} at the start, ${load(loadavg())} at the end.`,
      `Peak RSS: ${existsSync(gnuTime) ? 'GNU time (/usr/bin/time -v)' : "each of our processes' own maxRSS (no /usr/bin/time: kysely-codegen's is n/a)"}.`,
    ];
    process.stdout.write(`${report(results, machine)}\n`);
  } finally {
    await server.stop();
    progress('embedded PostgreSQL stopped');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
