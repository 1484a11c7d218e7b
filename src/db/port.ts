import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../lib/errors.ts';
import { displayPath } from '../lib/paths.ts';
import { writeWhole } from '../lib/write-whole.ts';

/**
 * The port of a checkout's embedded server when CFDB_PG_PORT does not name
 * one: derived from the data folder's path, so two checkouts start apart,
 * then remembered in the run folder, so URLs stay valid between runs. A
 * remembered port that another program holds is given up for the next free one.
 */

const FIRST_PORT = 55500;
const PORT_COUNT = 1000;

/** Where in FIRST_PORT…+PORT_COUNT a data folder's port starts looking: a pure function of its path. */
function derivedPort(dataDir: string): number {
  const hash = createHash('sha256').update(resolve(dataDir)).digest().readUInt32BE(0);
  return FIRST_PORT + (hash % PORT_COUNT);
}

/**
 * ownServerRunning tells a port held by this data folder's own server (another
 * command started it a moment ago) from one held by another program.
 */
export async function checkoutPort(
  runDir: string,
  dataDir: string,
  progress: (message: string) => void,
  ownServerRunning: () => boolean,
): Promise<number> {
  const file = join(runDir, 'port');
  const remembered = readPort(file);
  const start = remembered ?? derivedPort(dataDir);
  for (let offset = 0; offset < PORT_COUNT; offset++) {
    // The remembered port first, wherever it is (a hand-written one may lie outside the range), then the range.
    const port = offset === 0 ? start : FIRST_PORT + ((((start - FIRST_PORT + offset) % PORT_COUNT) + PORT_COUNT) % PORT_COUNT);
    if (!(await (offset === 0 ? usableFirstChoice(port, ownServerRunning) : isPortFree(port)))) continue;
    if (port !== remembered) {
      writeWhole(file, `${port}\n`);
      progress(
        remembered === undefined
          ? `port ${port} chosen for ${displayPath(dataDir)} (kept in ${displayPath(file)}; CFDB_PG_PORT overrides)`
          : `port ${remembered} is taken by another program; ${displayPath(dataDir)} uses port ${port} from now on`,
      );
    }
    return port;
  }
  throw new UserError(`no free port in ${FIRST_PORT}-${FIRST_PORT + PORT_COUNT - 1} for the embedded PostgreSQL; set CFDB_PG_PORT to a free port.`);
}

/**
 * Whether the checkout's own port can be used: free, or held by its own server
 * (which another command started a moment ago). Asked a few times, because
 * another command starting at once probes the same port for an instant.
 */
async function usableFirstChoice(port: number, ownServerRunning: () => boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    if ((await isPortFree(port)) || ownServerRunning()) return true;
    await sleep(50 + Math.random() * 100);
  }
  return false;
}

/** The port remembered for this run folder, if any. */
export function readPort(file: string): number | undefined {
  try {
    const port = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
