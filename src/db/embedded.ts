import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { UserError } from '../lib/errors.ts';
import { displayPath, repoRoot } from '../lib/paths.ts';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, ensureCluster, runDirOf, usableDataDir } from './cluster.ts';
import { Leases, type User } from './leases.ts';
import { serverLog, serverStatus, startServer, stopServer } from './pg-ctl.ts';
import { checkoutPort, isPortFree, readPort } from './port.ts';
import { serverIds } from './server-user.ts';

/**
 * The embedded PostgreSQL server: the default when no DATABASE_URL is set.
 * Its data lives in a git-ignored folder and survives between runs. The server
 * runs detached (through pg_ctl) for as long as any command uses it: each
 * command holds a lease (src/db/leases.ts) and the last one to leave stops it.
 * A server whose users are all gone (killed) is adopted by the next command.
 */

export { EMBEDDED_PASSWORD, EMBEDDED_USER };

export interface EmbeddedOptions {
  dataDir: string;
  /** Omitted: the checkout's own port, chosen once and remembered (src/db/port.ts). */
  port?: number;
  /** Extra `postgres -c` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  /** Whether a server other commands are using may be shared (default true); false for a run's own server. */
  reuse?: boolean;
  onProgress?: (message: string) => void;
}

export interface EmbeddedServer {
  port: number;
  dataDir: string;
  /** True when the server was already running. */
  reused: boolean;
  url(database: string): string;
  /** Leaves the server: stops it if no other command is using it (or keeping it up with `db start`). */
  stop(): Promise<void>;
}

/** Where the dev server keeps its data and which port it uses; CFDB_DATA_DIR and CFDB_PG_PORT override. */
export function embeddedDefaults(): { dataDir: string; port?: number } {
  const dataDir = process.env.CFDB_DATA_DIR ?? join(repoRoot, '.data', 'pg');
  if (process.env.CFDB_PG_PORT === undefined) return { dataDir };
  const port = Number(process.env.CFDB_PG_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserError(`CFDB_PG_PORT=${process.env.CFDB_PG_PORT} is not a port number; unset it or use 1-65535.`);
  }
  return { dataDir, port };
}

export function embeddedUrl(port: number, database: string): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** An embedded server's files: where its data really is (see usableDataDir) and its leases. */
interface Place {
  dataDir: string;
  leases: Leases;
}

function isRunning(here: Place): boolean {
  return serverStatus(here.dataDir, serverIds()).running;
}

function place(wanted: string, progress: (message: string) => void): Place {
  const dataDir = usableDataDir(wanted, serverIds(), progress);
  return { dataDir, leases: new Leases(runDirOf(dataDir)) };
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const progress = options.onProgress ?? (() => undefined);
  const here = place(options.dataDir, progress);
  const lease = here.leases.take(commandLine());
  const release = (): void => leave(here, lease);
  held.add(release);
  releaseOnExit();
  try {
    const others = here.leases.users(lease);
    if (options.reuse === false && others.length > 0) {
      throw new UserError(`${displayPath(here.dataDir)} is in use by ${describeUsers(others)}; stop it or pick another folder.`);
    }
    const { port, reused } = await runningOrStarted(here, options, others, progress);
    let stopped = false;
    return {
      port,
      dataDir: here.dataDir,
      reused,
      url: (db) => embeddedUrl(port, db),
      async stop() {
        if (stopped) return;
        stopped = true;
        held.delete(release);
        release();
      },
    };
  } catch (error) {
    held.delete(release);
    release();
    throw error;
  }
}

async function runningOrStarted(
  here: Place,
  options: EmbeddedOptions,
  others: User[],
  progress: (message: string) => void,
): Promise<{ port: number; reused: boolean }> {
  await untilNotStopping(here);
  const status = serverStatus(here.dataDir, serverIds());
  if (status.running && status.port !== undefined) {
    const whose = others.length > 0 || here.leases.pinned() ? 'reusing the embedded PostgreSQL already running' : 'adopting the embedded PostgreSQL left running (its last user is gone)';
    progress(`${whose} on 127.0.0.1:${status.port} (${displayPath(here.dataDir)})`);
    await untilReady(status.port, here.dataDir);
    return { port: status.port, reused: true };
  }
  await ensureCluster(here.dataDir, serverIds(), progress);
  const port = options.port ?? (await checkoutPort(here.leases.dir, here.dataDir, progress, () => isRunning(here)));
  if (options.port !== undefined && !(await isPortFree(port))) {
    throw new UserError(`port ${port} is already in use by another program; set CFDB_PG_PORT to a free port for the embedded PostgreSQL.`);
  }
  try {
    await startServer(here.dataDir, port, options.settings ?? {}, serverIds());
  } catch (error) {
    // Another command started it first (the data folder's lock is postgres's own postmaster.pid).
    const now = serverStatus(here.dataDir, serverIds());
    if (!now.running || now.port === undefined) throw error;
    progress(`reusing the embedded PostgreSQL another command started on 127.0.0.1:${now.port} (${displayPath(here.dataDir)})`);
    await untilReady(now.port, here.dataDir);
    return { port: now.port, reused: true };
  }
  progress(`embedded PostgreSQL started on 127.0.0.1:${port} (${displayPath(here.dataDir)})`);
  return { port, reused: false };
}

const WAIT_MS = 60_000;

async function untilNotStopping(here: Place): Promise<void> {
  for (const deadline = Date.now() + WAIT_MS; here.leases.stopping(); await sleep(50)) {
    if (Date.now() > deadline) throw new UserError(`the embedded PostgreSQL of ${displayPath(here.dataDir)} has been stopping for a minute; run \`npm run db -- status\`.`);
  }
}

/** A server another command started may still be starting up: wait until it accepts connections. */
async function untilReady(port: number, dataDir: string): Promise<void> {
  for (const deadline = Date.now() + WAIT_MS; ; await sleep(100)) {
    const client = new pg.Client({ connectionString: embeddedUrl(port, 'postgres'), connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new UserError(`the embedded PostgreSQL of ${displayPath(dataDir)} runs but does not accept connections on port ${port}; run \`npm run db -- stop --force\` and try again.`, { cause: error });
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * Hands a lease back; the last user stops the server. Synchronous, so that it
 * also runs from the exit handler of a process that is being interrupted.
 */
function leave(here: Place, lease: string): void {
  here.leases.drop(lease);
  const flag = here.leases.raiseStopFlag();
  try {
    if (here.leases.pinned() || here.leases.users().length > 0) return;
    stopServer(here.dataDir, serverIds());
  } finally {
    here.leases.drop(flag);
  }
}

/** Releases of this process's servers not stopped yet, run when it exits. */
const held = new Set<() => void>();
let exitHandled = false;

/** Ctrl-C or SIGTERM exits through 'exit', which hands back every lease still held. */
function releaseOnExit(): void {
  if (exitHandled) return;
  exitHandled = true;
  process.on('exit', () => held.forEach((release) => release()));
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
}

function commandLine(): string {
  const [, script = 'node', ...args] = process.argv;
  return [basename(script) === 'cfdb.js' ? 'cfdb' : basename(script), ...args].join(' ');
}

export function describeUsers(users: User[]): string {
  return users.map((user) => `${user.command} (pid ${user.pid})`).join(', ');
}

/** What `cfdb db status` shows. */
export interface EmbeddedState {
  dataDir: string;
  running: boolean;
  /** The port it runs on, or will run on (undefined before the first start). */
  port?: number;
  pid?: number;
  users: User[];
  pinned: boolean;
}

export function embeddedState(options: { dataDir: string; port?: number }): EmbeddedState {
  const here = place(options.dataDir, () => undefined);
  const status = serverStatus(here.dataDir, serverIds());
  return {
    dataDir: here.dataDir,
    running: status.running,
    port: status.port ?? options.port ?? readPort(join(here.leases.dir, 'port')),
    pid: status.pid,
    users: here.leases.users(),
    pinned: here.leases.pinned(),
  };
}

/** `cfdb db start`: the running server stays up after every command has left, until `cfdb db stop`. */
export function pinEmbedded(wanted: string): void {
  const here = place(wanted, () => undefined);
  const { pid } = serverStatus(here.dataDir, serverIds());
  if (pid === undefined) throw new UserError(`the embedded PostgreSQL of ${displayPath(here.dataDir)} stopped while starting; see ${displayPath(serverLog(here.dataDir))}.`);
  here.leases.pin(pid);
}

/** The port the server runs on, or will run on when started. */
export async function plannedPort(options: { dataDir: string; port?: number }): Promise<number> {
  const here = place(options.dataDir, () => undefined);
  const status = serverStatus(here.dataDir, serverIds());
  if (status.running && status.port !== undefined) return status.port;
  return options.port ?? checkoutPort(here.leases.dir, here.dataDir, () => undefined, () => isRunning(here));
}

/**
 * `cfdb db stop`: no longer kept up by `db start`; stopped now unless commands
 * still use it (then the last of them stops it), or with force whatever uses it.
 * Returns the users that keep it running.
 */
export function stopEmbedded(wanted: string, force: boolean): User[] {
  const here = place(wanted, () => undefined);
  here.leases.unpin();
  const flag = here.leases.raiseStopFlag();
  try {
    const users = here.leases.users();
    if (users.length > 0 && !force) return users;
    if (!stopServer(here.dataDir, serverIds())) throw new UserError(`the embedded PostgreSQL of ${displayPath(here.dataDir)} did not stop; see ${displayPath(serverLog(here.dataDir))}.`);
    return [];
  } finally {
    here.leases.drop(flag);
  }
}
