import type pg from 'pg';
import { formatDuration } from '../lib/duration.ts';
import { withoutKeysAndIndexes } from './bulk.ts';
import { seedPlan } from './plan.ts';
import { seedPools } from './pools.ts';
import { seedSteps } from './tables.ts';

export interface SeedOptions {
  seed: number;
  /** Usage logs to make (src/seed/plan.ts). */
  scale: number;
  /** The "now" of the data. */
  anchor: Date;
  /** Called after each step (and once for the commit, once for analyze). */
  onStep?: (report: StepReport) => void;
}

export interface StepReport {
  /** `users`, `assets (generated)`, `commit`, `analyze`. */
  label: string;
  rows?: number;
  verb?: 'inserted' | 'updated';
  ms: number;
}

/** `assets (generated): 210,340 rows inserted in 4.2 s` */
export function formatStep(report: StepReport, extra = ''): string {
  const rows = report.rows === undefined ? '' : ` ${report.rows.toLocaleString('en')} rows ${report.verb ?? 'inserted'} in`;
  return `${report.label}:${rows} ${formatDuration(report.ms)}${extra}`;
}

export interface SeedResult {
  /** Rows inserted per table, in load order. */
  rows: Map<string, number>;
  /** Wall time of the load and the analyze after it. */
  ms: number;
}

/**
 * Loads the seed as the connected role (the owner: it writes the tables the
 * visitor may only read), in one transaction, so a failure leaves nothing
 * behind and the deferred checks (a team's Owner member) see the whole load;
 * then analyzes, so the planner knows the new sizes at once.
 */
export async function loadSeed(client: pg.ClientBase, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const report = options.onStep ?? (() => undefined);
  const rows = new Map<string, number>();
  await client.query('begin');
  try {
    // Hash joins of the bigger steps stay in memory, the index builds too;
    // a lost commit of a seed is simply seeded again.
    await client.query(`set local work_mem = '64MB'`);
    await client.query(`set local maintenance_work_mem = '256MB'`);
    await client.query(`set local synchronous_commit = off`);
    await client.query(
      `create temp table seed_charges (id uuid, user_id uuid, generation_request_id uuid, api_client_id uuid, amount numeric(10, 2), action_type text, created_at timestamptz) on commit drop`,
    );
    const restoreStarted = await withoutKeysAndIndexes(client, async () => {
      for (const step of seedSteps(seedPlan(options.scale), options.seed, options.anchor, seedPools(options.seed))) {
        const stepStarted = performance.now();
        const result = await client.query<string[]>({ text: step.sql, rowMode: 'array' });
        const counted = step.counts ? step.counts.map((table, i) => [table, Number(result.rows[0]?.[i] ?? 0)] as const) : [[step.table, result.rowCount ?? 0] as const];
        const count = counted.reduce((sum, [, n]) => sum + n, 0);
        const isUpdate = result.command === 'UPDATE';
        for (const [table, n] of counted) if (!isUpdate && table.startsWith('app_public.')) rows.set(table, (rows.get(table) ?? 0) + n);
        const label = `${step.table.replace(/^app_public\./, '')}${step.what ? ` (${step.what})` : ''}`;
        report({ label, rows: count, verb: isUpdate ? 'updated' : 'inserted', ms: performance.now() - stepStarted });
      }
      return performance.now();
    });
    report({ label: 'indexes and foreign keys (re-created)', ms: performance.now() - restoreStarted });
    const commitStarted = performance.now();
    await client.query('commit');
    report({ label: 'commit (deferred checks)', ms: performance.now() - commitStarted });
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
  const analyzeStarted = performance.now();
  for (const table of rows.keys()) await client.query(`analyze ${table}`);
  report({ label: 'analyze', ms: performance.now() - analyzeStarted });
  return { rows, ms: performance.now() - started };
}

/** The app_public tables, sorted. */
export async function appTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_catalog.pg_tables where schemaname = 'app_public' order by tablename`,
  );
  return rows.map((r) => r.name);
}

/** The app_public tables that hold at least one row. */
export async function tablesWithRows(client: pg.ClientBase): Promise<string[]> {
  const tables = await appTables(client);
  if (tables.length === 0) return [];
  const { rows } = await client.query<{ name: string }>(
    tables.map((t) => `select '${t}' as name where exists (select from ${t})`).join(' union all ') + ' order by name',
  );
  return rows.map((r) => r.name);
}
