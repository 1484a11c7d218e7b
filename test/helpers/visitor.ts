import type pg from 'pg';
import { apiRoles } from '../../src/db/roles.ts';

/**
 * Runs fn as a real request does (docs/security.md, "Identity"): in a
 * transaction, as the visitor role, with the session setting; then rolls
 * back, so each check starts from the same rows. `session` null is an
 * anonymous request.
 */
export async function asVisitor<T>(client: pg.ClientBase, session: string | null, fn: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    await client.query(`set local role ${client.escapeIdentifier(apiRoles().visitor)}`);
    if (session !== null) await client.query(`select set_config('jwt.claims.session_id', $1, true)`, [session]);
    return await fn();
  } finally {
    await client.query('rollback');
  }
}

/** What a statement did: the rows it touched, or the SQLSTATE it failed with. */
export type Outcome = { rows: number } | { error: string; message: string };

export async function outcome(client: pg.ClientBase, sql: string, values: unknown[] = []): Promise<Outcome> {
  await client.query('savepoint outcome');
  try {
    const result = await client.query(sql, values);
    return { rows: result.rowCount ?? 0 };
  } catch (error) {
    await client.query('rollback to savepoint outcome');
    const { code, message } = error as { code?: string; message: string };
    return { error: code ?? 'unknown', message };
  }
}
