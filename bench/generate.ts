/**
 * `npm run bench:generate` (issues #3 and #12): our generation against what
 * a user would otherwise run, like with like, in one run:
 *
 * 1. db.ts alone (bench/run-db-types.ts: introspect, emit db.ts, write it)
 *    against kysely-codegen's one file;
 * 2. our full generation (bench/run-generate.ts full: generateArtifacts,
 *    what `npm run generate` runs) against the chain: kysely-codegen, then
 *    PostGraphile's CLI exporting the SDL (bench/postgraphile-export.config.mjs),
 *    then the graphql-codegen CLI on that SDL with the typescript plugin and
 *    our graphql.ts options, one after another (the sum of the three);
 * 3. the model path (introspect + every non-GraphQL emitter) at 1,000
 *    tables, for its peak RSS.
 *
 * Every command is a child process timed from spawn to exit (PostGraphile's
 * CLI serves once it has written the SDL: it is timed until its answer to a
 * first request, which comes after the SDL is written, then stopped), peak
 * RSS from GNU time. Ours start from an empty cache (CFDB_CACHE_DIR), as on
 * a fresh clone or in CI; "cache filled" keeps its cache from run to run,
 * and "PNG cache only" / "GraphQL cache only" keep one of the two, to show
 * what each cache is worth.
 *
 * Its own embedded PostgreSQL (data in .data/bench/pg, port 54369 or
 * CFDB_BENCH_PG_PORT) holds the real schema (every committed migration) and
 * synthetic ones (bench/synthetic-schema.ts; 1,000 tables, or the sizes of
 * `--sizes 500,1000`; `--rounds N` for a quick look). Rounds run every command in turn, so a burst of load
 * from elsewhere hits all alike; one uncounted warm-up round first on the
 * real schema (the compiled build of bin/compiled.js, the OS file cache), and on every
 * schema an uncounted run that fills the kept caches. Progress goes to
 * stderr, the Markdown report to stdout.
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withClient } from '../src/db/client.ts';
import { startEmbedded } from '../src/db/embedded.ts';
import { apiRoles, ensureRoles } from '../src/db/roles.ts';
import { withScratchDatabase } from '../src/db/scratch.ts';
import { formatDuration } from '../src/lib/duration.ts';
import { scalarTypes } from '../src/graphql/graphql-types.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { migrateDatabase } from '../test/helpers/database.ts';
import type { RunReport } from './run-generate.ts';
import { median } from './stats.ts';
import { syntheticSchemaSql } from './synthetic-schema.ts';

const benchDir = join(repoRoot, '.data', 'bench');
const port = Number(process.env.CFDB_BENCH_PG_PORT ?? 54369);
const gnuTime = '/usr/bin/time';
const bin = {
  kysely: join(repoRoot, 'node_modules', 'kysely-codegen', 'dist', 'cli', 'bin.js'),
  postgraphile: join(repoRoot, 'node_modules', 'postgraphile', 'dist', 'cli-run.js'),
  codegen: join(repoRoot, 'node_modules', '@graphql-codegen', 'cli', 'esm', 'bin.js'),
};

const TOOLS = [
  'db.ts alone',
  'kysely-codegen',
  'PostGraphile CLI (SDL)',
  'graphql-codegen CLI',
  'ours, model',
  'ours, full',
  'ours, full, cache filled',
  'ours, full, PNG cache only',
  'ours, full, GraphQL cache only',
] as const;
type Tool = (typeof TOOLS)[number];
/** The chain a user would otherwise run for our full generation, in its order. */
const CHAIN: readonly Tool[] = ['kysely-codegen', 'PostGraphile CLI (SDL)', 'graphql-codegen CLI'];

/** The cache subfolders (src/lib/paths.ts cacheDir) a tool keeps between its runs; the rest is emptied before each. */
const KEPT_CACHE: Partial<Record<Tool, readonly string[]>> = {
  'ours, full, cache filled': ['graphql', 'png'],
  'ours, full, PNG cache only': ['png'],
  'ours, full, GraphQL cache only': ['graphql'],
};

interface Schema {
  label: string;
  database: string;
  tools: readonly Tool[];
  rounds: number;
  /** One uncounted round of every command first (the first schema: the compiled build, the OS file cache). */
  warmUp: boolean;
  load(url: string): Promise<void>;
}

const synthetic = (tables: number): Schema => ({
  label: `synthetic, ${tables.toLocaleString('en')} tables`,
  database: `bench_synthetic_${tables}`,
  tools: ['db.ts alone', ...CHAIN, 'ours, model', 'ours, full', 'ours, full, cache filled'],
  rounds: 3,
  warmUp: false,
  load: async (url) => {
    await ensureRoles(url);
    await withClient(url, async (client) => void (await client.query(syntheticSchemaSql(tables, undefined, apiRoles().visitor))));
  },
});

const real: Schema = {
  label: 'CreativeFlow (real)',
  database: 'bench_creativeflow',
  tools: TOOLS,
  rounds: 7,
  warmUp: true,
  load: migrateDatabase,
};

interface Sample {
  ms: number;
  /** Peak resident set, KiB. */
  rssKb: number | undefined;
  /** User + system CPU time, ms (GNU time's): steadier than wall time on a loaded machine. */
  cpuMs: number | undefined;
  report?: RunReport;
  /** Why the command failed (its error line). */
  error?: string;
}

interface Result {
  schema: Schema;
  tables: number;
  tool: Tool;
  /** Per counted round; undefined where the command failed or was not run. */
  samples: (Sample | undefined)[];
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
  /** A server: it is done when it answers a request at the port it prints; then it is stopped. */
  serves?: boolean;
  /** Output that means the run failed though the process did not say so (its first group: the reason). */
  failsOn?: RegExp;
}

const outDir = (tool: Tool): string => join(benchDir, 'out', tool.replace(/\W+/g, '-'));
const chainSdl = (): string => join(outDir('PostGraphile CLI (SDL)'), 'schema.graphql');
/** Ours run as a user's `npm run generate` does: compiled (bin/run.js), not through tsx's loader. */
const ours = (script: string, ...args: string[]): string[] => [process.execPath, join(repoRoot, 'bin', 'run.js'), join(repoRoot, 'bench', script), ...args];

/**
 * Empties the result caches the tool must not find in its cache folder (src/lib/paths.ts cacheDir) and returns the folder.
 * Its compiled build (bin/compiled.js) stays: that is the program, built once after an edit, not a result.
 */
function cacheFor(tool: Tool): string {
  const kept = KEPT_CACHE[tool];
  const dir = join(benchDir, kept ? `cache-${tool.replace(/\W+/g, '-')}` : 'cache-empty');
  for (const sub of ['graphql', 'png'].filter((name) => !kept?.includes(name))) rmSync(join(dir, sub), { recursive: true, force: true });
  return dir;
}

/** graphql-codegen's config for the chain: the typescript plugin with the options src/graphql/graphql-types.ts gives it. */
function writeCodegenConfig(): string {
  const file = join(benchDir, 'codegen.json');
  const config = {
    overwrite: true,
    silent: true,
    schema: chainSdl(),
    generates: {
      [join(outDir('graphql-codegen CLI'), 'graphql.ts')]: {
        plugins: ['typescript'],
        config: { scalars: scalarTypes, strictScalars: true, enumsAsTypes: true, useTypeImports: true },
      },
    },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

function commandFor(tool: Tool, url: string): Run {
  const out = outDir(tool);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Grafast's mode as our generation sets it (src/graphql/quiet-grafast.ts), for every command alike.
  const env = { ...process.env, GRAPHILE_ENV: process.env.GRAPHILE_ENV ?? 'production' };
  switch (tool) {
    case 'db.ts alone':
      return { argv: ours('run-db-types.ts', url, out), env };
    case 'kysely-codegen':
      return { argv: [process.execPath, bin.kysely, '--dialect', 'postgres', '--url', url, '--include-pattern', 'app_public.*', '--log-level', 'error', '--out-file', join(out, 'db.d.ts')], env };
    case 'PostGraphile CLI (SDL)': {
      const config = join(repoRoot, 'bench', 'postgraphile-export.config.mjs');
      // Its main thread's default stack overflows on the 1,000-table schema, and PostGraphile then only logs the
      // types it lost; a user would give it the stack our GraphQL thread has (src/graphql/graphql-worker.ts).
      const deepStack = ['/bin/sh', '-c', 'ulimit -s 262144 && exec "$0" "$@"', process.execPath, '--stack-size=256000'];
      const cli = [bin.postgraphile, '-C', config, '-c', url, '-s', 'app_public', '-n', '127.0.0.1', '-p', '0'];
      return { argv: [...deepStack, ...cli], env: { ...env, CFDB_BENCH_SDL_PATH: chainSdl() }, serves: true, failsOn: /^Recoverable error occurred.*\n(.*)/m };
    }
    case 'graphql-codegen CLI':
      return { argv: [process.execPath, bin.codegen, '--config', writeCodegenConfig()], env };
    default:
      return { argv: ours('run-generate.ts', url, tool === 'ours, model' ? 'model' : 'full', out), env: { ...env, CFDB_CACHE_DIR: cacheFor(tool) } };
  }
}

/** The process GNU time started (time's only child), to stop a server without stopping time before it reports. */
function childOf(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  return children[0] ?? pid;
}

/**
 * Once the server prints its port, a request every 20 ms until one is
 * answered: grafserv answers only once the schema is built, and PostGraphile
 * has written the SDL by then (makeSchema awaits it). Earlier requests fail
 * on Node.js 20 (grafserv calls Promise.withResolvers while it waits).
 */
async function awaitFirstAnswer(output: () => string, exited: () => boolean): Promise<void> {
  const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));
  let match: RegExpExecArray | null = null;
  while (!(match = /Server listening on port (\d+)/.exec(output()))) {
    if (exited()) throw new Error('the server exited before it listened');
    await pause();
  }
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${match[1]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    }).catch(() => undefined);
    if (response?.ok) return;
    if (exited()) throw new Error('the server exited before it answered a request');
    await pause();
  }
}

/** Peak RSS and CPU time from `/usr/bin/time -v`'s report; undefined for what it does not give. */
function gnuTimeReport(text: string): Pick<Sample, 'rssKb' | 'cpuMs'> {
  const field = (label: string): number | undefined => {
    const value = new RegExp(`${label}: ([\\d.]+)`).exec(text)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const [user, system] = [field('User time \\(seconds\\)'), field('System time \\(seconds\\)')];
  return { rssKb: field('Maximum resident set size \\(kbytes\\)'), cpuMs: user === undefined || system === undefined ? undefined : (user + system) * 1000 };
}

/** Runs one command to completion: wall time from spawn to exit, peak RSS from GNU time (or the child's own report). */
async function measure({ argv: command, env, serves, failsOn }: Run): Promise<Sample> {
  const timeFile = join(benchDir, 'time.txt');
  rmSync(timeFile, { force: true });
  const timing = existsSync(gnuTime);
  const argv = timing ? [gnuTime, '-v', '-o', timeFile, ...command] : command;
  const started = performance.now();
  const child = spawn(argv[0] ?? '', argv.slice(1), { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  let served: string | undefined;
  if (serves) {
    served = await awaitFirstAnswer(() => stdout, () => child.exitCode !== null).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (child.exitCode === null && child.pid !== undefined) process.kill(timing ? childOf(child.pid) : child.pid, 'SIGTERM');
  }
  const code = await exit;
  const ms = performance.now() - started;
  const { rssKb, cpuMs } = gnuTimeReport(existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '');
  const silentFailure = failsOn?.exec(`${stdout}\n${stderr}`);
  if (silentFailure) return { ms, rssKb, cpuMs, error: silentFailure[1]?.replace(/^> /, '') ?? silentFailure[0] };
  if (serves ? served !== undefined : code !== 0) {
    // The error's own line (say "RangeError: Maximum call stack size exceeded"), not the end of its stack trace.
    const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
    return { ms, rssKb, cpuMs, error: lines.find((line) => /^\w*Error\b/.test(line)) ?? served ?? lines.at(-1) ?? `exit code ${code}` };
  }
  const last = stdout.trim().split('\n').pop() ?? '';
  const report = last.startsWith('{') ? (JSON.parse(last) as RunReport) : undefined;
  return { ms, rssKb: rssKb ?? report?.maxRssKb, cpuMs, report };
}

/** The chain's steps must each have written their file: a step that silently wrote nothing would flatter the chain. */
function assertChainWrote(tool: Tool): void {
  const file = tool === 'PostGraphile CLI (SDL)' ? chainSdl() : tool === 'graphql-codegen CLI' ? join(outDir(tool), 'graphql.ts') : undefined;
  if (file !== undefined && !(existsSync(file) && statSync(file).size > 0)) throw new Error(`${tool} wrote no ${file}; see its output above.`);
}

/** The model mode writes the full mode's files but the two GraphQL ones (bench/run-generate.ts must not miss an emitter). */
function assertComparable(results: Result[]): void {
  const files = (tool: Tool): number | undefined => results.find((r) => r.tool === tool)?.samples.find((s) => s?.report)?.report?.files;
  const [model, full] = [files('ours, model'), files('ours, full')];
  if (model !== undefined && full !== undefined && full - model !== 2) {
    throw new Error(`the model mode wrote ${model} files and the full mode ${full}: bench/run-generate.ts misses an emitter the full generation has.`);
  }
}

async function runOnce(result: Result, url: string, what: string): Promise<Sample> {
  const sample = await measure(commandFor(result.tool, url));
  if (!sample.error) assertChainWrote(result.tool);
  const load = loadavg()[0] ?? NaN;
  result.loads.push(load);
  const rss = sample.rssKb === undefined ? '' : `, ${Math.round(sample.rssKb / 1024)} MiB`;
  const failed = sample.error ? ` FAILED: ${sample.error}` : '';
  progress(`[${result.schema.label}] ${result.tool} ${what}: ${(sample.ms / 1000).toFixed(2)} s${rss}${failed} (load ${load.toFixed(1)})`);
  if (sample.error) result.failure = sample;
  return sample;
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
    // Uncounted: the warm-up round, or at least the run that fills a kept cache.
    for (const result of results.filter((r) => schema.warmUp || KEPT_CACHE[r.tool])) await runOnce(result, url, 'warm-up');
    for (let round = 1; round <= schema.rounds; round++) {
      for (const result of results) {
        result.samples.push(result.failure ? undefined : await runOnce(result, url, `${round}/${schema.rounds}`));
      }
      assertComparable(results);
    }
    return results;
  });
}

const seconds = (ms: number): string => (Number.isNaN(ms) ? 'n/a' : (ms / 1000).toFixed(2));
const mib = (kb: number | undefined): string => (kb === undefined ? 'n/a' : Math.round(kb / 1024).toLocaleString('en'));
const succeeded = (result: Result | undefined): Sample[] => (result?.samples ?? []).filter((s): s is Sample => s !== undefined && !s.error);

/** NaN when the command failed or did not run. */
function wallMedian(result: Result | undefined): number {
  return result?.failure ? NaN : median(succeeded(result).map((s) => s.ms));
}

function peakRss(result: Result | undefined): number | undefined {
  const values = succeeded(result).flatMap((s) => (s.rssKb === undefined ? [] : [s.rssKb]));
  return values.length ? Math.max(...values) : undefined;
}

function cpuMedian(result: Result | undefined): number {
  return result?.failure ? NaN : median(succeeded(result).flatMap((s) => (s.cpuMs === undefined ? [] : [s.cpuMs])));
}

/** The chain's wall (or CPU) time per round: the sum of its three steps in that round, NaN for a round where one failed. */
function chainRounds(results: Result[], measure: 'ms' | 'cpuMs' = 'ms'): number[] {
  const steps = CHAIN.map((tool) => results.find((r) => r.tool === tool));
  const rounds = Math.max(...steps.map((s) => s?.samples.length ?? 0));
  return Array.from({ length: rounds }, (_, i) =>
    steps.reduce((sum, step) => {
      const sample = step?.samples[i];
      return sample && !sample.error ? sum + (sample[measure] ?? NaN) : NaN;
    }, 0),
  );
}

const ratio = (a: number, b: number): string => (Number.isNaN(a / b) ? 'n/a (a run failed)' : (a / b).toFixed(2));
const met = (value: number, target: number): string => (Number.isNaN(value) ? 'n/a' : value <= target ? 'yes' : 'no');

function runsTable(results: Result[]): string[] {
  return [
    '| schema | tables | command | N | median s | min–max s | median CPU s | peak RSS MiB | files written | load (1 min) |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => {
      const row = `| ${r.schema.label} | ${r.tables} | ${r.tool} | ${succeeded(r).length} |`;
      const load = `${Math.min(...r.loads).toFixed(1)}–${Math.max(...r.loads).toFixed(1)}`;
      if (r.failure) return `${row} failed after ${seconds(r.failure.ms)} s: ${r.failure.error ?? ''} | – | – | ${mib(r.failure.rssKb)} | – | ${load} |`;
      const times = succeeded(r).map((s) => s.ms);
      const files = r.tool.startsWith('ours') ? (succeeded(r)[0]?.report?.files ?? 0) : 1;
      return `${row} ${seconds(wallMedian(r))} | ${seconds(Math.min(...times))}–${seconds(Math.max(...times))} | ${seconds(cpuMedian(r))} | ${mib(peakRss(r))} | ${files} | ${load} |`;
    }),
  ];
}

function stagesTable(results: Result[]): string[] {
  const ours = results.filter((r) => r.tool.startsWith('ours'));
  const stages = [...new Set(ours.flatMap((r) => succeeded(r).flatMap((s) => Object.keys(s.report?.timings ?? {}))))];
  return [
    `| schema | command | ${stages.join(' | ')} |`,
    `| --- | --- |${' ---: |'.repeat(stages.length)}`,
    ...ours.map((r) => {
      const cells = stages.map((stage) => {
        const values = succeeded(r).flatMap((s) => (s.report?.timings[stage] === undefined ? [] : [s.report.timings[stage]]));
        return values.length ? String(Math.round(median(values))) : '–';
      });
      return `| ${r.schema.label} | ${r.tool} | ${cells.join(' | ')} |`;
    }),
  ];
}

function targetsTable(bySchema: Result[][]): string[] {
  const lines = [
    '| schema | comparison | ours s | peer s | ratio | target | met? | CPU ratio |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const results of bySchema) {
    const find = (tool: Tool): Result | undefined => results.find((r) => r.tool === tool);
    const label = results[0]?.schema.label ?? '?';
    const row = (what: string, ours: Result | undefined, peer: { ms: number; cpuMs: number }, target: number): string => {
      const ms = wallMedian(ours);
      return `| ${label} | ${what} | ${seconds(ms)} | ${seconds(peer.ms)} | ${ratio(ms, peer.ms)} | ≤ ${target.toFixed(2)} | ${met(ms / peer.ms, target)} | ${ratio(cpuMedian(ours), peer.cpuMs)} |`;
    };
    const kysely = find('kysely-codegen');
    lines.push(row('db.ts alone / kysely-codegen', find('db.ts alone'), { ms: wallMedian(kysely), cpuMs: cpuMedian(kysely) }, 1));
    const chain = { ms: median(chainRounds(results)), cpuMs: median(chainRounds(results, 'cpuMs')) };
    const versus = 'the chain (kysely-codegen + PostGraphile CLI + graphql-codegen CLI)';
    lines.push(row(`full generate, empty cache / ${versus}`, find('ours, full'), chain, 0.5));
    lines.push(row(`full generate, cache filled / ${versus}`, find('ours, full, cache filled'), chain, 0.5));
  }
  return lines;
}

function cacheTable(bySchema: Result[][]): string[] {
  const variants: Tool[] = ['ours, full', 'ours, full, PNG cache only', 'ours, full, GraphQL cache only', 'ours, full, cache filled'];
  const headings = ['empty cache', 'PNG cache only', 'GraphQL cache only', 'both caches filled'];
  const lines = [`| schema | ${headings.join(' | ')} |`, `| --- |${' ---: |'.repeat(variants.length)}`];
  for (const results of bySchema) {
    const empty = wallMedian(results.find((r) => r.tool === 'ours, full'));
    const cells = variants.map((tool) => {
      const result = results.find((r) => r.tool === tool);
      if (!result) return '–';
      const ms = wallMedian(result);
      return tool === 'ours, full' ? `${seconds(ms)} s` : `${seconds(ms)} s (${ratio(ms, empty)}×)`;
    });
    lines.push(`| ${results[0]?.schema.label ?? '?'} | ${cells.join(' | ')} |`);
  }
  return lines;
}

function report(bySchema: Result[][], machine: string[]): string {
  const results = bySchema.flat();
  const large = bySchema.at(-1) ?? [];
  const model = large.find((r) => r.tool === 'ours, model');
  const modelRss = peakRss(model);
  return [
    ...machine,
    '',
    ...runsTable(results),
    '',
    'The chain per round is the sum of its three steps in that round; its median:',
    '',
    ...bySchema.map((r) => `- ${r[0]?.schema.label ?? '?'}: ${seconds(median(chainRounds(r)))} s (rounds: ${chainRounds(r).map(seconds).join(', ')})`),
    '',
    'Against the targets (whole process, medians):',
    '',
    ...targetsTable(bySchema),
    '',
    'What each cache is worth: full generation with each cache kept (× the empty-cache run):',
    '',
    ...cacheTable(bySchema),
    '',
    `Peak RSS of the model path (introspect + every non-GraphQL emitter) at ${model?.tables ?? '?'} tables: ${model?.failure ? `failed (${mib(model.failure.rssKb)} MiB when it did)` : `${mib(modelRss)} MiB`} (target < 1,024 MiB: ${modelRss === undefined ? 'n/a' : modelRss < 1024 * 1024 ? 'met' : 'not met'}).`,
    '',
    'In-process stage timings, median ms (the ERD and the GraphQL thread run beside the other stages, so they need not add up; "graphql" is the thread\'s whole answer, start-up included, or the cache read):',
    '',
    ...stagesTable(results),
  ].join('\n');
}

function versionOf(name: string): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** `--sizes 500,1000` (none: `--sizes=`) and `--rounds N` (a quick look; the defaults are 7 on the real schema, 3 on the synthetic ones). */
function schemasFromArgs(): Schema[] {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000' }, rounds: { type: 'string' } } });
  const sizes = values.sizes.split(',').filter(Boolean).map(Number);
  const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes ${values.sizes}: give table counts separated by commas, e.g. --sizes 500,1000.`);
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0)) throw new Error(`--rounds ${values.rounds}: give a whole number of rounds, e.g. --rounds 3.`);
  return [real, ...sizes.map(synthetic)].map((schema) => ({ ...schema, rounds: rounds ?? schema.rounds }));
}

async function main(): Promise<void> {
  const schemas = schemasFromArgs();
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
    const bySchema: Result[][] = [];
    for (const schema of schemas) bySchema.push(await benchSchema(rootUrl, schema));
    const cpu = cpus();
    const load = (values: number[]): string => values.map((v) => v.toFixed(2)).join(', ');
    const versions = ['kysely-codegen', 'postgraphile', '@graphql-codegen/cli', '@graphql-codegen/typescript'].map((name) => `${name} ${versionOf(name)}`);
    const machine = [
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
      `Machine: ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node.js ${process.version.slice(1)}, PostgreSQL ${postgres} (embedded); ${versions.join(', ')}.`,
      `Load average (1, 5, 15 min): ${load(loadBefore)} at the start, ${load(loadavg())} at the end.`,
      `Peak RSS: ${existsSync(gnuTime) ? 'GNU time (/usr/bin/time -v)' : "each of our processes' own maxRSS (no /usr/bin/time: the others' are n/a)"}.`,
    ];
    process.stdout.write(`${report(bySchema, machine)}\n`);
  } finally {
    await server.stop();
    progress('embedded PostgreSQL stopped');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
