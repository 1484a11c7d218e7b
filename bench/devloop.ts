/**
 * `npm run bench:devloop` (issue #4): the latency of the development loop,
 * from saving migrations/current.sql to the regenerated types on disk.
 *
 * Its own embedded PostgreSQL (data in .data/bench-devloop/pg, port 54389 or
 * CFDB_BENCH_PG_PORT) holds a fresh database with every committed migration.
 * `cfdb dev --timings` runs against it as a child process, on a copy of
 * migrations/ and an empty output tree, as a person runs it. After one
 * uncounted warm-up turn, each of N saves (12, or the first argument)
 * alternates two schema changes (a probe column as text, then as integer), so
 * every save really changes the types. Per save it records:
 *
 * - types: from the write returning to both db.ts and graphql.ts holding the
 *   change (seen through file events on src/generated);
 * - turn: the loop's own figures from its line: types written, diagrams done,
 *   and the time of each stage.
 *
 * The peer, measured in the same run: the same change made without the loop,
 * i.e. `cfdb watch --once` then `cfdb generate`, each a fresh process.
 * Progress goes to stderr, the Markdown report to stdout.
 */

import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { withClient } from '../src/db/client.ts';
import { embeddedUrl, startEmbedded } from '../src/db/embedded.ts';
import { formatDuration } from '../src/lib/duration.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { DevProcess } from '../test/helpers/dev-process.ts';
import { median } from './stats.ts';

const saves = Number(process.argv[2] ?? 12);
const peerRuns = 3;
const port = Number(process.env.CFDB_BENCH_PG_PORT ?? 54389);
const database = 'bench_devloop';
const BLANK = '-- Enter migration here\n';

interface Variant {
  sql: string;
  /** What db.ts and graphql.ts say once the change is generated. */
  dbTs: string;
  graphqlTs: string;
}

const variant = (type: string, dbTs: string, graphqlTs: string): Variant => ({
  sql: `${BLANK}alter table app_public.projects drop column if exists devloop_probe;
alter table app_public.projects add column devloop_probe ${type};
comment on column app_public.projects.devloop_probe is 'Benchmark probe (${type}).';
`,
  dbTs: `devloop_probe: ${dbTs} | null;`,
  graphqlTs: `devloopProbe?: Maybe<Scalars['${graphqlTs}']['output']>;`,
});

const variants = [variant('text', 'string', 'String'), variant('integer', 'number', 'Int')];

interface Sample {
  typesMs: number;
  /** The loop's own: from the start of its turn to the types on disk, and to the diagrams done. */
  turnTypesMs: number;
  turnTotalMs: number;
  stages: Record<string, number>;
}

const log = (message: string): void => void process.stderr.write(`bench:devloop: ${message}\n`);

/** "… in 640 ms; diagrams 4 changed in 1.4 s [apply 60 ms, …]" → its figures. */
function parseTurn(line: string): Pick<Sample, 'turnTypesMs' | 'turnTotalMs' | 'stages'> {
  const ms = (text: string, unit: string): number => Number(text) * (unit === 's' ? 1000 : 1);
  const times = [...line.matchAll(/ in (\d+(?:\.\d+)?) (ms|s)\b/g)].map(([, n = '', unit = '']) => ms(n, unit));
  const stages = Object.fromEntries(
    [...(/\[(.*)\]$/.exec(line)?.[1] ?? '').matchAll(/([a-z+ ]+?) (\d+(?:\.\d+)?) (ms|s)\b/g)].map(([, stage = '', n = '', unit = '']) => [stage.trim(), ms(n, unit)]),
  );
  return { turnTypesMs: times[0] ?? NaN, turnTotalMs: times[1] ?? NaN, stages };
}

/** Resolves once every file holds its text, watching their folder for writes. */
function whenFilesHold(dir: string, expected: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const holds = (): boolean =>
      Object.entries(expected).every(([name, text]) => {
        try {
          return readFileSync(join(dir, name), 'utf8').includes(text);
        } catch {
          return false;
        }
      });
    const watcher = watch(dir, () => {
      if (!holds()) return;
      clearTimeout(timer);
      watcher.close();
      resolve();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${Object.keys(expected).join(' and ')} did not change within 120 s`));
    }, 120_000);
  });
}

/** Wall time of one CLI run as its own process. */
function timedCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'cfdb.js'), ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`cfdb ${args.join(' ')} failed:\n${stderr}`))));
  });
}

async function main(): Promise<void> {
  const dataDir = join(repoRoot, '.data', 'bench-devloop', 'pg');
  mkdirSync(join(dataDir, '..'), { recursive: true });
  log(`starting the embedded PostgreSQL on port ${port}`);
  const server = await startEmbedded({ dataDir, port, reuse: false, onProgress: log });
  // Not test/helpers/cli.ts's copyMigrations: its temp folders belong to a jest run, and this is none.
  const migrations = mkdtempSync(join(tmpdir(), 'cfdb-bench-devloop-migrations-'));
  cpSync(join(repoRoot, 'migrations'), migrations, { recursive: true });
  const output = mkdtempSync(join(tmpdir(), 'cfdb-bench-devloop-'));
  const url = embeddedUrl(port, database);
  const load = [loadavg()];
  try {
    await withClient(server.url('postgres'), async (client) => {
      await client.query(`drop database if exists ${database} with (force)`);
      await client.query(`create database ${database}`);
    });
    const { SHADOW_DATABASE_URL: _shadow, ROOT_DATABASE_URL: _root, ...inherited } = process.env;
    const env = { ...inherited, DATABASE_URL: url, CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: output };
    const samples: Sample[] = [];
    const dev = new DevProcess(env, ['--timings']);
    try {
      let seen = (await dev.nextTurn(0, 300_000)).index + 1;
      log('warm-up turn done');
      for (let i = 0; i < saves; i++) {
        const change = variants[i % variants.length] as Variant;
        const generated = join(output, 'src', 'generated');
        const landed = whenFilesHold(generated, { 'db.ts': change.dbTs, 'graphql.ts': change.graphqlTs });
        const started = performance.now();
        writeFileSync(join(migrations, 'current.sql'), change.sql);
        await landed;
        const typesMs = performance.now() - started;
        const turn = await dev.nextTurn(seen, 120_000);
        seen = turn.index + 1;
        if (!/^dev: current\.sql applied; /.test(turn.line)) throw new Error(`save ${i + 1} did not apply cleanly: ${turn.line}`);
        samples.push({ typesMs, ...parseTurn(turn.line) });
        log(`save ${i + 1}/${saves}: types on disk after ${formatDuration(typesMs)}`);
      }
    } finally {
      await dev.interrupt();
    }
    load.push(loadavg());

    log(`peer: the same change without the loop (cfdb watch --once, then cfdb generate), ${peerRuns} times`);
    const peer: { watchOnce: number; generate: number }[] = [];
    for (let i = 0; i < peerRuns; i++) {
      writeFileSync(join(migrations, 'current.sql'), (variants[i % variants.length] as Variant).sql);
      const watchOnce = await timedCli(['watch', '--once'], env);
      const generate = await timedCli(['generate'], env);
      peer.push({ watchOnce, generate });
    }
    load.push(loadavg());
    process.stdout.write(report(samples, peer, load));
  } finally {
    await server.stop();
    rmSync(migrations, { recursive: true, force: true });
    rmSync(output, { recursive: true, force: true });
  }
}

function report(samples: Sample[], peer: { watchOnce: number; generate: number }[], load: number[][]): string {
  const ms = (value: number): string => `${Math.round(value).toLocaleString('en')} ms`;
  const types = samples.map((s) => s.typesMs);
  const stages = [...new Set(samples.flatMap((s) => Object.keys(s.stages)))];
  const peerTotal = median(peer.map((p) => p.watchOnce + p.generate));
  const loadText = load.map((l) => l.map((v) => v.toFixed(1)).join(' ')).join(' → ');
  return [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node.js ${process.versions.node}; load average (1/5/15 min) ${loadText}.`,
    '',
    `Save → types on disk (db.ts and graphql.ts both regenerated), ${samples.length} saves alternating two column types:`,
    '',
    '| | median | max |',
    '| --- | ---: | ---: |',
    `| save → types on disk | ${ms(median(types))} | ${ms(Math.max(...types))} |`,
    `| the loop's turn: start → types written | ${ms(median(samples.map((s) => s.turnTypesMs)))} | ${ms(Math.max(...samples.map((s) => s.turnTypesMs)))} |`,
    `| the loop's turn: start → diagrams written | ${ms(median(samples.map((s) => s.turnTotalMs)))} | ${ms(Math.max(...samples.map((s) => s.turnTotalMs)))} |`,
    '',
    'Where a turn\'s time goes (median of each stage; "write" is the first phase, "erd" and "write diagrams" the second):',
    '',
    '| stage | median | max |',
    '| --- | ---: | ---: |',
    ...stages.map((stage) => {
      const values = samples.map((s) => s.stages[stage] ?? 0);
      return `| ${stage} | ${ms(median(values))} | ${ms(Math.max(...values))} |`;
    }),
    '',
    `Peer, the same change without the loop, each command a fresh process (median of ${peer.length}):`,
    '',
    '| | median |',
    '| --- | ---: |',
    `| \`cfdb watch --once\` | ${ms(median(peer.map((p) => p.watchOnce)))} |`,
    `| \`cfdb generate\` | ${ms(median(peer.map((p) => p.generate)))} |`,
    `| together | ${ms(peerTotal)} |`,
    `| ratio to the loop's median save → types | ${(peerTotal / median(types)).toFixed(1)}× |`,
    '',
  ].join('\n');
}

await main();
// The embedded server's exit hook and pg's pools may hold the loop open.
process.exit(0);
