import pg from 'pg';
import { describeLockHolder } from '../db/advisory.ts';
import { formatDuration } from '../lib/duration.ts';
import { errorText, UserError } from '../lib/errors.ts';

/**
 * The deploy lock: a session-level advisory lock that `migrate` holds on a
 * connection of its own for the whole run, so that of N deploys started at
 * once one applies the migrations and the others wait for it, then find
 * nothing to do. graphile-migrate's own lock is a try-lock (a second deploy
 * fails instead of waiting); it is still taken inside ours, never contended.
 *
 * The key spells CREATIVEFLOW on a phone keypad; graphile-migrate's is
 * 4727445306447283 (GRAPHILE MIGRATE), so the two never collide. Advisory
 * locks belong to one database: deploys to different databases never wait
 * for each other.
 */
export const DEPLOY_LOCK_KEY = '273284833569';

/** How long a deploy waits for another by default: long enough for a migration that builds an index. */
export const DEFAULT_LOCK_TIMEOUT = '5m';
export const LOCK_TIMEOUT_VARIABLE = 'CFDB_MIGRATE_LOCK_TIMEOUT';

/**
 * The wait in milliseconds, from --lock-timeout, else CFDB_MIGRATE_LOCK_TIMEOUT,
 * else the default: a number with an optional unit (ms, s, m); a bare number is seconds.
 */
export function lockTimeoutMs(flag: string | undefined): number {
  const env = process.env[LOCK_TIMEOUT_VARIABLE]?.trim();
  const [source, text] = flag !== undefined ? ['--lock-timeout', flag] : env ? [LOCK_TIMEOUT_VARIABLE, env] : ['default', DEFAULT_LOCK_TIMEOUT];
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1000) : NaN;
  if (!(ms >= 1)) {
    throw new UserError(`${source}=${text} is not a positive duration; use for example 60s, 5m or 500ms.`);
  }
  return Math.round(ms);
}

/**
 * Runs fn while holding the deploy lock on the database at url, waiting up to
 * timeoutMs for another holder to finish. The lock is released when its
 * connection closes, which also happens if this process dies.
 */
export async function withDeployLock<T>(
  url: string,
  timeoutMs: number,
  progress: (message: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // An idle client whose connection drops emits 'error'; unhandled, that would crash the process mid-migration.
  client.on('error', (error) => progress(`lost the connection that held the deploy lock: ${errorText(error)}`));
  await client.connect();
  try {
    await acquire(client, timeoutMs, progress);
    return await fn();
  } finally {
    // Ending the session releases its advisory locks.
    await client.end().catch(() => undefined);
  }
}

async function acquire(client: pg.Client, timeoutMs: number, progress: (message: string) => void): Promise<void> {
  const { rows: [first] } = await client.query<{ locked: boolean; database: string }>(
    'select pg_try_advisory_lock($1) as locked, current_database() as database',
    [DEPLOY_LOCK_KEY],
  );
  if (first?.locked) return;
  const database = first?.database ?? '?';
  const holder = await describeLockHolder(client, DEPLOY_LOCK_KEY);
  progress(`waiting for another migrate to finish (${holder} holds the deploy lock on database "${database}"; waiting up to ${formatDuration(timeoutMs)})…`);
  const started = performance.now();
  // The wait is bounded by lock_timeout alone: a role's statement_timeout must not cut it short,
  // nor idle_session_timeout end the session (and so the lock) while the migrations run.
  await client.query(
    `select set_config('lock_timeout', $1, false), set_config('statement_timeout', '0', false), set_config('idle_session_timeout', '0', false)`,
    [`${timeoutMs}ms`],
  );
  try {
    await client.query('select pg_advisory_lock($1)', [DEPLOY_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code !== '55P03') throw error;
    throw new UserError(
      `another migrate still held the deploy lock on database "${database}" after ${formatDuration(timeoutMs)} (${await describeLockHolder(client, DEPLOY_LOCK_KEY)}); ` +
        `let it finish and run migrate again, or wait longer with --lock-timeout or ${LOCK_TIMEOUT_VARIABLE}.`,
    );
  }
  progress(`got the deploy lock after ${formatDuration(performance.now() - started)}`);
}
