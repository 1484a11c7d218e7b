import pg from 'pg';
import { describeLockHolder } from '../db/advisory.ts';
import { errorText, UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';

/**
 * One development loop per database: `dev` and `watch` hold this
 * session-level advisory lock on the dev database for as long as they run,
 * on a connection of their own. Two loops would both apply current.sql and
 * regenerate, each undoing the other's files; the second refuses instead.
 * The key spells DEVLOOP on a phone keypad, apart from the deploy lock's
 * (src/migrate/lock.ts) and graphile-migrate's.
 */
export const LOOP_LOCK_KEY = '3385667';

export async function withLoopLock<T>(url: string, command: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // The server stopping under the loop is reported by the loop itself.
  client.on('error', (error) => log.step(`${command}: lost the connection that held the loop lock: ${errorText(error)}`));
  await client.connect();
  try {
    const { rows: [row] } = await client.query<{ locked: boolean; database: string }>(
      'select pg_try_advisory_lock($1) as locked, current_database() as database',
      [LOOP_LOCK_KEY],
    );
    if (!row?.locked) {
      throw new UserError(
        `${command} refuses to start: ${await describeLockHolder(client, LOOP_LOCK_KEY)} already runs a development loop on database ` +
          `"${row?.database ?? '?'}"; use that one, or stop it (Ctrl-C in its terminal) first.`,
      );
    }
    return await fn();
  } finally {
    // Ending the session releases the lock.
    await client.end().catch(() => undefined);
  }
}
