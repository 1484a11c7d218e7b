/**
 * `npm run bench:suite [-- <jest args>]` (issue #12, item 8): runs `npm test` once, as a user does,
 * and reports where its time goes, per test file and in all:
 *
 * - wall time, and jest's own per-file time;
 * - the jest worker's CPU while the file ran, its threads included, and the CPU of the processes the
 *   file spawned and waited for (test/setup/cpu-probe.ts, switched on by CFDB_TEST_CPU_DIR);
 * - the whole machine's busy CPU over the run (/proc/stat), which also counts what no test process
 *   waits for: the PostgreSQL servers. Two cores busy all the time would be 2 × the wall time.
 *
 * A file whose wall time is far above its CPU waits (on a server, a child, a timer); one whose CPU
 * is near its wall time is bound by its own work. The Markdown report goes to stdout; run it on a
 * quiet machine (the load averages are in the report).
 */

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../src/lib/paths.ts';

interface FileCost {
  file: string;
  wallSeconds: number;
  ownCpuSeconds: number;
  childCpuSeconds: number;
}

interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string; startTime: number; endTime: number; assertionResults: unknown[] }[];
}

/** Busy and total CPU seconds of the whole machine since boot, from the first line of /proc/stat. */
function machineCpu(): { busy: number; total: number } {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = ticks;
  return { busy: (user + nice + system + irq + softirq + steal) / 100, total: (user + nice + system + idle + iowait + irq + softirq + steal) / 100 };
}

/** CPU seconds of this process's waited-for children (cutime + cstime in /proc/self/stat). */
function childrenCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100;
}

function runTests(args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['test', '--', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

const seconds = (value: number): string => value.toFixed(1);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cfdb-bench-suite-'));
  const jestJson = join(dir, 'jest.json');
  const costDir = join(dir, 'files');
  mkdirSync(costDir);
  const loadBefore = loadavg();
  const [machineBefore, childrenBefore, startedAt] = [machineCpu(), childrenCpu(), Date.now()];
  const code = await runTests(['--json', `--outputFile=${jestJson}`, ...process.argv.slice(2)], { ...process.env, CFDB_TEST_CPU_DIR: costDir });
  const wall = (Date.now() - startedAt) / 1000;
  const [machineAfter, childrenAfter, loadAfter] = [machineCpu(), childrenCpu(), loadavg()];
  const report = JSON.parse(readFileSync(jestJson, 'utf8')) as JestReport;
  const costs = new Map(readdirSync(costDir).map((name) => [name.replace(/\.json$/, ''), JSON.parse(readFileSync(join(costDir, name), 'utf8')) as FileCost]));
  rmSync(dir, { recursive: true, force: true });

  const rows = report.testResults
    .map((result) => {
      const file = result.name.slice(result.name.lastIndexOf('/') + 1);
      return { file, jestSeconds: (result.endTime - result.startTime) / 1000, tests: result.assertionResults.length, cost: costs.get(file) };
    })
    .sort((a, b) => b.jestSeconds - a.jestSeconds);
  const sum = (pick: (row: (typeof rows)[number]) => number): number => rows.reduce((total, row) => total + pick(row), 0);
  const busy = machineAfter.busy - machineBefore.busy;
  const load = (values: number[]): string => values.map((v) => v.toFixed(2)).join(', ');
  const out = [
    `Measured ${new Date().toISOString()} on ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node.js ${process.version}; \`npm test\` exited ${code}.`,
    `Load average (1, 5, 15 min): ${load(loadBefore)} at the start, ${load(loadAfter)} at the end.`,
    '',
    `- wall time: **${seconds(wall)} s** for ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped tests in ${rows.length} files`,
    `- CPU of the npm test process tree (waited-for processes: jest, its workers, what they spawned): ${seconds(childrenAfter - childrenBefore)} s`,
    `- the whole machine's busy CPU meanwhile (PostgreSQL servers and anything else included): ${seconds(busy)} s, ${((100 * busy) / (machineAfter.total - machineBefore.total)).toFixed(0)}% of its ${cpus().length} CPUs`,
    `- per file, summed: jest time ${seconds(sum((r) => r.jestSeconds))} s, worker CPU ${seconds(sum((r) => r.cost?.ownCpuSeconds ?? 0))} s, spawned processes' CPU ${seconds(sum((r) => r.cost?.childCpuSeconds ?? 0))} s`,
    '',
    '| file | tests | jest s | worker CPU s | spawned CPU s | CPU / jest time |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => {
      const cpu = row.cost ? row.cost.ownCpuSeconds + row.cost.childCpuSeconds : NaN;
      return `| ${row.file} | ${row.tests} | ${seconds(row.jestSeconds)} | ${row.cost ? seconds(row.cost.ownCpuSeconds) : '–'} | ${row.cost ? seconds(row.cost.childCpuSeconds) : '–'} | ${Number.isNaN(cpu) ? '–' : (cpu / row.jestSeconds).toFixed(2)} |`;
    }),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (code !== 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
