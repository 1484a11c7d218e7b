import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * This test run's own folder in the system temp dir. Every folder a test
 * makes goes inside it (test/helpers/temp-dir.ts), so the teardown can tell
 * exactly what this run left behind, whatever other runs on the same machine
 * are doing in the temp dir at the same time.
 */

const variable = 'CFDB_TEST_TEMP_DIR';

/** The run's PNG and GraphQL cache, inside its folder; the teardown removes it before counting what is left. */
export const RUN_CACHE = 'cache';

/** Made in global setup; workers and the CLI processes tests start inherit the variable. */
export function createRunTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfdb-test-run-'));
  // Run as root, an embedded server runs as the postgres user, who must reach data folders made inside.
  chmodSync(dir, 0o755);
  process.env[variable] = dir;
  return dir;
}

export function runTempDir(): string {
  const dir = process.env[variable];
  if (!dir) throw new Error(`${variable} is not set: run the tests with \`npm test\`, whose global setup makes that folder.`);
  return dir;
}

/** Removes the run's folder and returns the names of what was still in it. */
export function removeRunTempDir(dir: string): string[] {
  const left = readdirSync(dir).sort();
  rmSync(dir, { recursive: true, force: true });
  return left;
}
