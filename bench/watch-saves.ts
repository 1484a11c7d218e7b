/**
 * `node --import tsx bench/watch-saves.ts [saves] [ms]` (issue #12): does a watcher see every save of
 * a file, and how soon? The dev loop's own watcher (src/lib/watch-file.ts:
 * fs.watch on the folder, filtered by name) and chokidar 4 watching the file
 * watch one temporary file side by side, while it is saved `saves` times (20
 * by default) in each of the two ways editors save:
 *
 * - in place: the file is truncated and written (writeFileSync);
 * - atomically: a temporary file is written and renamed over it (vim,
 *   JetBrains' "safe write", VS Code on some file systems).
 *
 * After each save both get 1 s (or ms) to report it before the next save. Per watcher and way: how many
 * saves it saw, and the median and max time from the save to its first event.
 * The Markdown report goes to stdout.
 */

import { watch as chokidarWatch } from 'chokidar';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchPath } from '../src/lib/watch-file.ts';
import { median } from './stats.ts';

const saves = Number(process.argv[2] ?? 20);
const WAIT_MS = Number(process.argv[3] ?? 1000);

type Way = 'in place' | 'atomically';
const ways: Way[] = ['in place', 'atomically'];
const watcherNames = ['watch-file.ts (fs.watch on the folder)', 'chokidar 4 (on the file)'] as const;

/** The time from each save to a watcher's first event after it; undefined for a save it missed. */
type Seen = (number | undefined)[];

function save(path: string, way: Way, text: string): void {
  if (way === 'in place') return writeFileSync(path, text);
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cfdb-bench-watch-'));
  const path = join(dir, 'current.sql');
  writeFileSync(path, '-- start\n');
  const load = [loadavg()];
  const results = new Map<string, Seen>();
  try {
    for (const way of ways) {
      // Fresh watchers per way, so a watch lost to a rename in one does not count against the other.
      let savedAt = 0;
      const firstEvent: (number | undefined)[] = [undefined, undefined];
      const onEvent = (watcher: number) => () => {
        firstEvent[watcher] ??= performance.now() - savedAt;
      };
      const ours = watchPath(path, onEvent(0));
      const chokidar = chokidarWatch(path, { ignoreInitial: true });
      chokidar.on('all', onEvent(1));
      await new Promise<void>((resolve) => chokidar.once('ready', () => resolve()));
      const seen: Seen[] = [[], []];
      for (let i = 0; i < saves; i++) {
        firstEvent[0] = firstEvent[1] = undefined;
        savedAt = performance.now();
        save(path, way, `-- save ${i} ${way}\n`);
        await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
        seen.forEach((list, watcher) => list.push(firstEvent[watcher]));
      }
      ours.close();
      await chokidar.close();
      watcherNames.forEach((name, watcher) => results.set(`${name}\0${way}`, seen[watcher] ?? []));
    }
    load.push(loadavg());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(report(results, load));
}

function report(results: Map<string, Seen>, load: number[][]): string {
  const ms = (value: number): string => (Number.isFinite(value) ? `${Math.round(value)} ms` : '–');
  const loadText = load.map((l) => l.map((v) => v.toFixed(1)).join(' ')).join(' → ');
  return [
    `Machine: ${cpus().length} cores, Node.js ${process.versions.node}, ${process.platform}; load average (1/5/15 min) ${loadText}. Saves ${WAIT_MS} ms apart.`,
    '',
    `| watcher | saved | saves seen | median save → event | max |`,
    '| --- | --- | ---: | ---: | ---: |',
    ...[...results].map(([key, seen]) => {
      const [name, way] = key.split('\0');
      const times = seen.filter((t): t is number => t !== undefined);
      return `| ${name} | ${way} | ${times.length} of ${seen.length} | ${ms(median(times))} | ${ms(times.length ? Math.max(...times) : NaN)} |`;
    }),
    '',
  ].join('\n');
}

await main();
