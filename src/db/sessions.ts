import type pg from 'pg';

/** A backend connected to a database, as pg_stat_activity shows it. */
export interface Session {
  pid: number;
  /** The client's application_name; empty when it set none. */
  application: string;
}

/** The other sessions connected to database, seen through client (connected to another database of the server). */
export async function sessionsOn(client: pg.Client, database: string): Promise<Session[]> {
  const { rows } = await client.query<Session>(
    `select pid, coalesce(application_name, '') as application from pg_stat_activity
      where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend' order by pid`,
    [database],
  );
  return rows;
}

/** "cfdb dev (backend pid 123)", or "backend pid 123" for a client that gave no name. */
export function describeSession(session: Session): string {
  return session.application ? `${session.application} (backend pid ${session.pid})` : `backend pid ${session.pid}`;
}
