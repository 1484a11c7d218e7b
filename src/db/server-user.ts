import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';

export const SERVER_OS_USER = 'postgres';

export interface OsIds {
  uid: number;
  gid: number;
}

/**
 * Who the server's programs (initdb, pg_ctl, postgres) run as: this process's
 * user, or, running as root (PostgreSQL refuses root), the postgres OS user.
 * undefined means "as this process"; null means root without a postgres user yet.
 */
export type ServerIds = OsIds | undefined | null;

let found: OsIds | undefined;

export function serverIds(): ServerIds {
  if (userInfo().uid !== 0) return undefined;
  if (found) return found;
  const uid = spawnSync('id', ['-u', SERVER_OS_USER], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', SERVER_OS_USER], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  found = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  return found;
}
