import pg from 'pg';

/**
 * A pool that can be closed completely. pg-pool's end() resolves before its
 * clients' sockets have closed, so a caller that drops the database right
 * after (as tests do) would have the server kill live backends, and a CLI
 * could linger; close() waits for every client's 'end'.
 */
export function closablePool(config: pg.PoolConfig): { pool: pg.Pool; close(): Promise<void> } {
  const pool = new pg.Pool(config);
  const closed: Promise<void>[] = [];
  pool.on('connect', (client) => {
    closed.push(new Promise((resolve) => client.once('end', () => resolve())));
  });
  // An idle client's error (server restart) must not crash the process: the next query reports it.
  pool.on('error', () => undefined);
  return {
    pool,
    async close() {
      await pool.end();
      await Promise.all(closed);
    },
  };
}

/**
 * The connection option that makes every session of a pool start as role:
 * set in the startup packet, so a connection that may not become it fails to
 * open instead of running its queries as the role it logged in as.
 */
export function asRole(role: string): string {
  return `-c role=${role}`;
}
