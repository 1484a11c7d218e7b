import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { watchPath, type FileWatch } from '../src/lib/watch-file.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

/** Resolves at the next call of the returned callback, or fails after a generous bound. */
function nextCall(): { callback: () => void; pending(): number; next(what: string): Promise<void> } {
  let wake: (() => void) | undefined;
  let pending = 0;
  return {
    callback: () => {
      pending++;
      wake?.();
    },
    pending: () => pending,
    async next(what) {
      if (pending === 0) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no change reported after ${what} within 10 s`)), 10_000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      pending = 0;
      wake = undefined;
    },
  };
}

describe.each([
  ['file events', undefined, 'events'],
  ['polling', '1', 'polling'],
])('watchPath with %s', (_name, poll, mode) => {
  let dir: string;
  let watch: FileWatch | undefined;
  const saved = process.env.CFDB_WATCH_POLL;
  beforeEach(() => {
    dir = makeTempDir('cfdb-watch');
    writeFileSync(join(dir, 'current.sql'), '-- one\n');
    if (poll === undefined) delete process.env.CFDB_WATCH_POLL;
    else process.env.CFDB_WATCH_POLL = poll;
  });
  afterEach(() => {
    watch?.close();
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.CFDB_WATCH_POLL;
    else process.env.CFDB_WATCH_POLL = saved;
  });

  test('reports a write, a save by rename, and a deletion, and nothing after close', async () => {
    const path = join(dir, 'current.sql');
    const calls = nextCall();
    watch = watchPath(path, calls.callback);
    expect(watch.mode).toBe(mode);
    // Polling compares with a first look taken just after the start; a write before that is the baseline.
    await new Promise((resolve) => setTimeout(resolve, 300));

    writeFileSync(path, '-- two, longer\n');
    await calls.next('a write');
    writeFileSync(join(dir, '.current.sql.swp'), '-- three, longer still\n');
    renameSync(join(dir, '.current.sql.swp'), path);
    await calls.next('a save by rename');
    rmSync(path);
    await calls.next('a deletion');

    watch.close();
    writeFileSync(path, '-- four\n');
    // Longer than a polling interval and any event delivery: a closed watch must stay silent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(calls.pending()).toBe(0);
  }, 30_000);
});
