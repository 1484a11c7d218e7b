import type pg from 'pg';

/**
 * Runs read-only catalog statements in one round trip, with search_path
 * pinned to pg_catalog while they run.
 *
 * Why: pg_get_constraintdef, pg_get_indexdef, pg_get_triggerdef, pg_get_expr
 * and format_type leave out the schema of any object visible on the current
 * search_path, so the same catalog would read differently from two sessions.
 * With only pg_catalog on the path every user object comes out qualified.
 *
 * The statements travel as one simple-protocol message, which PostgreSQL runs
 * as one implicit transaction, so the local setting ends with it. When the
 * caller is inside a transaction of its own the setting would outlive the
 * call, so the caller's search_path is put back at the end either way.
 * Simple protocol takes no parameters: callers inline values with
 * client.escapeLiteral.
 */
export async function queryCatalog(client: pg.ClientBase, statements: string[]): Promise<pg.QueryResult[]> {
  const script = [
    `select pg_catalog.set_config('cfdb.saved_search_path', pg_catalog.current_setting('search_path'), true)`,
    `select pg_catalog.set_config('search_path', 'pg_catalog', true)`,
    ...statements,
    `select pg_catalog.set_config('search_path', pg_catalog.current_setting('cfdb.saved_search_path'), true)`,
  ].join(';\n');
  // node-postgres returns an array of results for a multi-statement query, though its types say one.
  const result: pg.QueryResult | pg.QueryResult[] = await client.query(script);
  const results = Array.isArray(result) ? result : [result];
  return results.slice(2, 2 + statements.length);
}

/** The single text column of the single row of a catalog result (a json_build_object(...)::text). */
export function singleText(result: pg.QueryResult | undefined, column: string): string {
  const value: unknown = result?.rows[0]?.[column];
  if (typeof value !== 'string') throw new Error(`catalog query returned no ${column} text`);
  return value;
}
