import type pg from 'pg';
import { describeSession, type Session } from './sessions.ts';

/**
 * The session holding the advisory lock `key` on the client's database, or
 * undefined once it let go. A bigint advisory key is stored as classid (high
 * 32 bits), objid (low 32 bits), objsubid 1.
 */
export async function advisoryLockHolder(client: pg.Client, key: string): Promise<Session | undefined> {
  const { rows } = await client.query<Session>(
    `select l.pid, coalesce(a.application_name, '') as application
       from pg_locks l left join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 1
        and l.database = (select oid from pg_database where datname = current_database())
        and ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint`,
    [key],
  );
  return rows[0];
}

/** The holder for messages: "cfdb dev (pid 12) (backend pid 34)", or "another session" once it let go. */
export async function describeLockHolder(client: pg.Client, key: string): Promise<string> {
  const holder = await advisoryLockHolder(client, key);
  return holder ? describeSession(holder) : 'another session';
}
