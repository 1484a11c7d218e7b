/**
 * A schema lint rule: one catalog query, shaped like supabase/splinter's lints,
 * and a pure function from its rows to findings. The runner (lint-schema.ts)
 * does the I/O; a rule only says what to ask and how to read the answer.
 *
 * Catalog SQL rather than the SchemaModel: the model describes one schema for
 * the generators and lacks most of what these rules read (SECURITY DEFINER and
 * proconfig, ACLs left at PostgreSQL's defaults, default privileges, index key
 * positions, policies' parse trees). Widening it for a lint would change what
 * every emitter and the fingerprint see; a query per rule reads exactly what
 * the rule needs, from any server, with nothing but read access.
 */

/** What a rule reports: the object (`schema.table[.column]`, or a function's signature) and what to do. */
export interface RuleFinding {
  object: string;
  message: string;
}

export interface SchemaFinding extends RuleFinding {
  rule: string;
}

export interface SchemaRule {
  /** kebab-case, printed in every finding. */
  name: string;
  /** The schemas the rule checks; the query receives them as $1 (text[]). */
  schemas: readonly string[];
  query: string;
  findings(rows: unknown[]): RuleFinding[];
}

/** A rule whose query returns rows of type Row (the query's column names); it checks checkedSchemas unless it names others. */
export function catalogRule<Row>(rule: {
  name: string;
  schemas?: readonly string[];
  query: string;
  findings(rows: Row[]): RuleFinding[];
}): SchemaRule {
  return { schemas: checkedSchemas, ...rule, findings: (rows) => rule.findings(rows as Row[]) };
}

/** The schemas every rule checks, and those the GraphQL API exposes (where every table needs RLS). */
export const checkedSchemas = ['app_public', 'app_private'] as const;
export const exposedSchemas = ['app_public'] as const;

/** SQL: the object with this oid is not part of an extension (whose objects the migrations do not own). */
export function notInExtension(oid: string): string {
  return `not exists (select from pg_catalog.pg_depend d where d.objid = ${oid} and d.deptype = 'e')`;
}

/**
 * SQL: the tables (and partitioned tables) of the schemas in $1, as
 * `oid, object, rls`, object being the quoted `schema.table`.
 */
export const checkedTables = `
  select c.oid, format('%I.%I', n.nspname, c.relname) as object, c.relrowsecurity as rls
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any($1) and c.relkind in ('r', 'p') and ${notInExtension('c.oid')}`;
