import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * With CFDB_TEST_CPU_DIR set (npm run bench:suite), records what each test
 * file cost its jest worker: wall time, the worker's own CPU (its threads
 * included) and the CPU of the processes it spawned and waited for (spawned
 * CLIs, npm, squawk). jest's JSON gives wall times only, and a file that
 * waits on a server looks as slow as one that burns CPU. Read from
 * /proc/self/stat (utime, stime, cutime, cstime in clock ticks); Linux only.
 */
const dir = process.env.CFDB_TEST_CPU_DIR;

function cpuSeconds(): { own: number; children: number } {
  // Fields after the parenthesised command name start at field 3 (state); utime is field 14.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  const tick = (field: number): number => Number(fields[field - 3]) / 100;
  return { own: tick(14) + tick(15), children: tick(16) + tick(17) };
}

if (dir !== undefined) {
  // At the setup file's evaluation, before the test file's imports are evaluated: module loading counts.
  const start = { ...cpuSeconds(), at: Date.now() };
  afterAll(() => {
    const end = cpuSeconds();
    const file = expect.getState().testPath ?? 'unknown';
    const record = { file: basename(file), wallSeconds: (Date.now() - start.at) / 1000, ownCpuSeconds: end.own - start.own, childCpuSeconds: end.children - start.children };
    writeFileSync(join(dir, `${basename(file)}.json`), JSON.stringify(record));
  });
}
