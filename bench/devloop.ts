/**
 * `npm run bench:devloop [saves]` (issues #4 and #12): the latency of the
 * development loop from the first save on, measured from outside the loop:
 * from writing migrations/current.sql to the regenerated db.ts on disk.
 *
 * Its own embedded PostgreSQL (data in .data/bench-devloop/pg, port 54389 or
 * CFDB_BENCH_PG_PORT) holds a fresh database with every committed migration.
 * `cfdb generate` runs once first, as the checkout a person starts from has
 * its generated files and .data/cache (here a folder of the benchmark's own)
 * in step with the database. Then, per scenario, a fresh `cfdb dev --timings`
 * runs as a child process on a copy of migrations/ and that output tree, as a
 * person runs it; once its first turn is done and a second has passed, it
 * gets `saves` saves (10 by default), each a schema change under a fresh name
 * so every save changes db.ts:
 *
 * - column: projects gains devloop_probe_<i> (and loses the previous one);
 * - table: a table devloop_items_<i> with a foreign key to projects, its
 *   index, comments, row level security, a policy and the visitor's SELECT,
 *   so the GraphQL API gains it too (replacing the previous one).
 *
 * Per save, polled every 5 ms from the write of current.sql: db.ts holding the
 * change, graphql.ts changed, and the loop's line (printed once the diagrams
 * are written); and the loop's own figures from that line. Progress goes to
 * stderr, the Markdown report to stdout.
 */

import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { withClient } from '../src/db/client.ts';
import { embeddedUrl, startEmbedded } from '../src/db/embedded.ts';
import { formatDuration } from '../src/lib/duration.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { DevProcess } from '../test/helpers/dev-process.ts';
import { median } from './stats.ts';

const saves = Number(process.argv[2] ?? 10);
const port = Number(process.env.CFDB_BENCH_PG_PORT ?? 54389);
const database = 'bench_devloop';
const BLANK = '-- Enter migration here\n';
const POLL_MS = 5;
/** A person's first save comes a while after the loop says it is watching. */
const PAUSE_BEFORE_FIRST_SAVE_MS = 3000;

interface Scenario {
  name: string;
  /** current.sql for save i (from 1), replacing what save i - 1 made. */
  sql(i: number): string;
  /** What db.ts holds once save i is generated. */
  dbTs(i: number): string;
  /** current.sql that removes what save i made. */
  undo(i: number): string;
}

const scenarios: Scenario[] = [
  {
    name: 'a column added',
    sql: (i) => `${BLANK}alter table app_public.projects drop column if exists devloop_probe_${i - 1};
alter table app_public.projects drop column if exists devloop_probe_${i};
alter table app_public.projects add column devloop_probe_${i} text;
comment on column app_public.projects.devloop_probe_${i} is 'Benchmark probe ${i}.';
`,
    dbTs: (i) => `devloop_probe_${i}: string | null;`,
    undo: (i) => `${BLANK}alter table app_public.projects drop column if exists devloop_probe_${i};\n`,
  },
  {
    name: 'a table added',
    sql: (i) => `${BLANK}drop table if exists app_public.devloop_items_${i - 1};
drop table if exists app_public.devloop_items_${i};
create table app_public.devloop_items_${i} (
  id uuid not null default gen_random_uuid(),
  project_id uuid not null,
  label text not null,
  created_at timestamptz not null default now(),
  constraint devloop_items_${i}_pkey primary key (id),
  constraint devloop_items_${i}_label_char_length_check check (char_length(label) <= 100),
  constraint devloop_items_${i}_project_id_fkey foreign key (project_id) references app_public.projects (id) on delete cascade
);
create index devloop_items_${i}_project_id_idx on app_public.devloop_items_${i} (project_id);
comment on table app_public.devloop_items_${i} is 'Benchmark probe ${i}.';
comment on column app_public.devloop_items_${i}.id is 'Primary key.';
comment on column app_public.devloop_items_${i}.project_id is 'The project.';
comment on column app_public.devloop_items_${i}.label is 'A label.';
comment on column app_public.devloop_items_${i}.created_at is 'When it was made.';
comment on constraint devloop_items_${i}_project_id_fkey on app_public.devloop_items_${i} is 'Cascade: an item means nothing without its project.';
alter table app_public.devloop_items_${i} enable row level security;
create policy select_own on app_public.devloop_items_${i} for select to :DATABASE_VISITOR
  using (project_id in (select id from app_public.projects));
comment on policy select_own on app_public.devloop_items_${i} is 'A visitor reads the items of the projects they can read.';
grant select on app_public.devloop_items_${i} to :DATABASE_VISITOR;
`,
    dbTs: (i) => `devloop_items_${i}: {`,
    undo: (i) => `${BLANK}drop table if exists app_public.devloop_items_${i};\n`,
  },
];

interface Sample {
  /** From the write of current.sql, seen from outside: db.ts holds the change, graphql.ts changed, the loop's line printed. */
  dbTsMs: number;
  graphqlMs: number;
  lineMs: number;
  /** The loop's own, from the start of its turn: each phase on disk. */
  turn: { model: number; graphql: number; diagrams: number };
  stages: Record<string, number>;
}

const log = (message: string): void => void process.stderr.write(`bench:devloop: ${message}\n`);

/** "… in 240 ms; GraphQL 2 changed in 702 ms; diagrams 2 changed in 1.4 s [apply 60 ms, …]" → its figures. */
function parseTurn(line: string): Pick<Sample, 'turn' | 'stages'> {
  const ms = (text: string, unit: string): number => Number(text) * (unit === 's' ? 1000 : 1);
  const [model = NaN, graphql = NaN, diagrams = NaN] = [...line.matchAll(/ in (\d+(?:\.\d+)?) (ms|s)\b/g)].map(([, n = '', unit = '']) => ms(n, unit));
  const stages = Object.fromEntries(
    [...(/\[(.*)\]$/.exec(line)?.[1] ?? '').matchAll(/([a-z+ ]+?) (\d+(?:\.\d+)?) (ms|s)\b/g)].map(([, stage = '', n = '', unit = '']) => [stage.trim(), ms(n, unit)]),
  );
  return { turn: { model, graphql, diagrams }, stages };
}

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** Resolves with the time since `since` at which `holds` first became true, polling every POLL_MS. */
function whenTrue(holds: () => boolean, since: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const deadline = since + 120_000;
    const poll = (): void => {
      const now = performance.now();
      if (holds()) resolve(now - since);
      else if (now > deadline) reject(new Error(`${what} did not happen within 120 s`));
      else setTimeout(poll, POLL_MS);
    };
    poll();
  });
}

/** Wall time of one CLI run as its own process. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'cfdb.js'), ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cfdb ${args.join(' ')} failed:\n${stderr}`))));
  });
}

async function runScenario(scenario: Scenario, env: NodeJS.ProcessEnv, migrations: string, output: string): Promise<Sample[]> {
  const dbTsPath = join(output, 'src', 'generated', 'db.ts');
  const graphqlPath = join(output, 'src', 'generated', 'graphql.ts');
  const samples: Sample[] = [];
  const dev = new DevProcess(env, ['--timings']);
  try {
    let seen = (await dev.nextTurn(0, 300_000)).index + 1;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_BEFORE_FIRST_SAVE_MS));
    for (let i = 1; i <= saves; i++) {
      const graphqlBefore = read(graphqlPath);
      const started = performance.now();
      writeFileSync(join(migrations, 'current.sql'), scenario.sql(i));
      const dbTs = whenTrue(() => read(dbTsPath).includes(scenario.dbTs(i)), started, `db.ts holding ${scenario.dbTs(i)}`);
      const graphql = whenTrue(() => read(graphqlPath) !== graphqlBefore, started, 'graphql.ts changing');
      // Both polls settle before the line, which the loop prints once the diagrams are written.
      dbTs.catch(() => undefined);
      graphql.catch(() => undefined);
      const turn = await dev.nextTurn(seen, 120_000);
      const lineMs = performance.now() - started;
      seen = turn.index + 1;
      if (!/^dev: current\.sql applied; .*; GraphQL \d+ changed in .*; diagrams /.test(turn.line)) throw new Error(`save ${i} did not generate cleanly: ${turn.line}`);
      const [dbTsMs, graphqlMs] = await Promise.all([dbTs, graphql]);
      samples.push({ dbTsMs, graphqlMs, lineMs, ...parseTurn(turn.line) });
      log(`${scenario.name}, save ${i}/${saves}: db.ts after ${Math.round(dbTsMs)} ms, graphql.ts ${Math.round(graphqlMs)} ms, diagrams ${Math.round(lineMs)} ms`);
    }
  } finally {
    await dev.interrupt();
    // The next scenario's loop starts from the committed schema again.
    writeFileSync(join(migrations, 'current.sql'), scenario.undo(saves));
    await runCli(['watch', '--once'], env);
  }
  return samples;
}

async function main(): Promise<void> {
  const dataDir = join(repoRoot, '.data', 'bench-devloop', 'pg');
  mkdirSync(join(dataDir, '..'), { recursive: true });
  log(`starting the embedded PostgreSQL on port ${port}`);
  const server = await startEmbedded({ dataDir, port, reuse: false, onProgress: log });
  // Not test/helpers/cli.ts's copyMigrations: its temp folders belong to a jest run, and this is none.
  const migrations = mkdtempSync(join(tmpdir(), 'cfdb-bench-devloop-migrations-'));
  cpSync(join(repoRoot, 'migrations'), migrations, { recursive: true });
  writeFileSync(join(migrations, 'current.sql'), BLANK);
  const output = mkdtempSync(join(tmpdir(), 'cfdb-bench-devloop-'));
  const cache = mkdtempSync(join(tmpdir(), 'cfdb-bench-devloop-cache-'));
  const url = embeddedUrl(port, database);
  const load = [loadavg()];
  try {
    await withClient(server.url('postgres'), async (client) => {
      await client.query(`drop database if exists ${database} with (force)`);
      await client.query(`create database ${database}`);
    });
    const { SHADOW_DATABASE_URL: _shadow, ROOT_DATABASE_URL: _root, ...inherited } = process.env;
    const env = { ...inherited, DATABASE_URL: url, CFDB_MIGRATIONS_DIR: migrations, CFDB_OUTPUT_DIR: output, CFDB_CACHE_DIR: cache };
    log('migrating and generating the starting tree');
    await runCli(['migrate'], env);
    await runCli(['generate'], env);
    const results: { scenario: Scenario; samples: Sample[] }[] = [];
    for (const scenario of scenarios) {
      results.push({ scenario, samples: await runScenario(scenario, env, migrations, output) });
      load.push(loadavg());
    }
    process.stdout.write(report(results, load));
  } finally {
    await server.stop();
    for (const dir of [migrations, output, cache]) rmSync(dir, { recursive: true, force: true });
  }
}

function report(results: { scenario: Scenario; samples: Sample[] }[], load: number[][]): string {
  const ms = (value: number): string => `${Math.round(value).toLocaleString('en')} ms`;
  const loadText = load.map((l) => l.map((v) => v.toFixed(1)).join(' ')).join(' → ');
  const rows: [string, (s: Sample) => number][] = [
    ['**save → db.ts on disk** (outside)', (s) => s.dbTsMs],
    ['save → graphql.ts on disk (outside)', (s) => s.graphqlMs],
    ['save → diagrams written, the line printed (outside)', (s) => s.lineMs],
    ["the loop's turn: start → model files written", (s) => s.turn.model],
    ["the loop's turn: start → GraphQL written", (s) => s.turn.graphql],
    ["the loop's turn: start → diagrams written", (s) => s.turn.diagrams],
  ];
  const stages = [...new Set(results.flatMap(({ samples }) => samples.flatMap((s) => Object.keys(s.stages))))];
  const header = `| | ${results.map(({ scenario }) => `${scenario.name}: first save | median of ${saves} | max`).join(' | ')} |`;
  const rule = `| --- |${results.map(() => ' ---: | ---: | ---: |').join('')}`;
  const cells = (pick: (s: Sample) => number): string =>
    results
      .map(({ samples }) => {
        const values = samples.map(pick);
        return `${ms(values[0] ?? NaN)} | ${ms(median(values))} | ${ms(Math.max(...values))}`;
      })
      .join(' | ');
  return [
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node.js ${process.versions.node}; load average (1/5/15 min) ${loadText}.`,
    '',
    `Each scenario: a fresh \`cfdb dev\`, then ${saves} saves; polled every ${POLL_MS} ms from the write of current.sql.`,
    '',
    header,
    rule,
    ...rows.map(([label, pick]) => `| ${label} | ${cells(pick)} |`),
    '',
    "Where a turn's time goes (the loop's stages; first save, then the median):",
    '',
    `| stage | ${results.map(({ scenario }) => `${scenario.name}: first | median`).join(' | ')} |`,
    `| --- |${results.map(() => ' ---: | ---: |').join('')}`,
    ...stages.map((stage) => {
      const values = results.map(({ samples }) => {
        const all = samples.map((s) => s.stages[stage] ?? 0);
        return `${ms(all[0] ?? NaN)} | ${ms(median(all))}`;
      });
      return `| ${stage} | ${values.join(' | ')} |`;
    }),
    '',
  ].join('\n');
}

await main();
// The embedded server's exit hook and pg's pools may hold the loop open.
process.exit(0);
