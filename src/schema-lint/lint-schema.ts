import type pg from 'pg';
import { errorText, UserError } from '../lib/errors.ts';
import { sortFindings } from './finding.ts';
import { exposedSchemas, type SchemaFinding, type SchemaRule } from './rule.ts';
import { schemaRules } from './rules.ts';

/**
 * Runs the rules over the database client is connected to and returns their
 * findings, sorted. Everything runs in one read-only transaction (one snapshot,
 * nothing written), with search_path set to pg_catalog alone so that every
 * object a query prints is schema-qualified whatever the role's own setting.
 */
export async function lintSchema(client: pg.Client, rules: readonly SchemaRule[] = schemaRules): Promise<SchemaFinding[]> {
  await client.query('begin transaction read only');
  try {
    await client.query('set local search_path = pg_catalog');
    await requireSchemas(client);
    const findings: SchemaFinding[] = [];
    for (const rule of rules) findings.push(...(await runRule(client, rule)));
    return sortFindings(findings);
  } finally {
    await client.query('rollback');
  }
}

/** A rule that cannot run names itself: its query, or its reading of the answer, has met a catalog it does not know. */
async function runRule(client: pg.Client, rule: SchemaRule): Promise<SchemaFinding[]> {
  try {
    const { rows } = await client.query(rule.query, [rule.schemas]);
    return rule.findings(rows).map((f) => ({ ...f, rule: rule.name }));
  } catch (error) {
    throw new UserError(
      `schema lint rule ${rule.name} failed: ${errorText(error)}; rerun with --verbose and report it with the PostgreSQL version (select version()).`,
      { cause: error },
    );
  }
}

/** An empty database would otherwise lint clean. */
async function requireSchemas(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    'select name from unnest($1::text[]) as name where to_regnamespace(quote_ident(name)) is null',
    [exposedSchemas],
  );
  if (rows.length > 0) {
    throw new UserError(`schema ${rows.map((r) => r.name).join(', ')} does not exist in this database; run the migrations first (npm run migrate).`);
  }
}
