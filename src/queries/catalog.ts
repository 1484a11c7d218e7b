import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import { basename, join } from 'node:path';
import { UserError } from '../lib/errors.ts';
import { repoRoot } from '../lib/paths.ts';

/**
 * The hot-query catalog: one named query per file in queries/, the queries
 * the product runs as the visitor (row-level security supplies "the
 * signed-in user's"). Each file starts with a header of `-- key: value`
 * lines:
 *
 *   -- serves: what screen or job runs it (required)
 *   -- params: what $1, $2, … are (when it has parameters)
 *   -- sample: a query that, run as the same visitor, returns one row of
 *              realistic values for $1, $2, … (required with params)
 *
 * The plan test (test/query-plans.test.ts) and `npm run bench:queries` read
 * it through here.
 */
export interface CatalogQuery {
  /** The file name without `.sql`. */
  name: string;
  serves: string;
  params?: string;
  sample?: string;
  sql: string;
}

export const queriesDir = join(repoRoot, 'queries');

export function parseCatalogQuery(name: string, text: string): CatalogQuery {
  const header = new Map<string, string>();
  const body: string[] = [];
  for (const line of text.split('\n')) {
    const match = body.length === 0 ? /^--\s*(\w+):\s*(.*)$/.exec(line) : null;
    if (match?.[1] && match[2] !== undefined) header.set(match[1], match[2].trim());
    else if (body.length > 0 || line.trim() !== '') body.push(line);
  }
  const sql = body.join('\n').trim();
  const serves = header.get('serves');
  const placeholders = /\$\d/.test(sql);
  const problem = !serves
    ? 'has no `-- serves:` line'
    : placeholders && !header.get('sample')
      ? 'has parameters but no `-- sample:` query for their values'
      : !sql
        ? 'has no query'
        : undefined;
  if (problem) throw new UserError(`queries/${name}.sql ${problem}; see the header format in src/queries/catalog.ts.`);
  return { name, serves: serves ?? '', params: header.get('params'), sample: header.get('sample'), sql };
}

export function loadCatalog(dir = queriesDir): CatalogQuery[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => parseCatalogQuery(basename(f, '.sql'), readFileSync(join(dir, f), 'utf8')));
}

/** The query's parameters for the current visitor, from its sample query run as that visitor; undefined when it finds none. */
export async function sampleParams(client: pg.ClientBase, query: CatalogQuery): Promise<unknown[] | undefined> {
  if (!query.sample) return [];
  const { rows } = await client.query<unknown[]>({ text: query.sample, rowMode: 'array' });
  return rows[0];
}
