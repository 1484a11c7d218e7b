import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTempDir } from '../setup/run-temp-dir.ts';

const made: string[] = [];

// Registered when a test file first imports this module: the file's folders go once its tests are done.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A new folder `<prefix>-XXXXXX` in this run's temp folder, removed after the
 * test file's last test (a test may remove it sooner). The global teardown
 * fails the run if any is left.
 */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(runTempDir(), `${prefix}-`));
  made.push(dir);
  return dir;
}
