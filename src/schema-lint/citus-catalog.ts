import type { CitusPlan } from './citus-plan.ts';
import { catalogRule, notInExtension, type RuleFinding, type SchemaRule } from './rule.ts';

/**
 * SQL the Citus rules share. Table and column names come back raw, to compare
 * with the plan, which names them as they are; objects (`schema.table`) are
 * quoted as the other rules print them.
 */

/** The tables of the schemas in $1 that a plan places: partitions go with their parent, so they are left out. */
export const plannedTables = `
  select c.oid, c.relname::text as name, format('%I.%I', n.nspname, c.relname) as object
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any($1) and c.relkind in ('r', 'p') and not c.relispartition and ${notInExtension('c.oid')}`;

/** SQL: the names of the columns numbered by the int2 array `attnums` of relation `rel`, in array order, as text[]. */
export function columnNames(rel: string, attnums: string): string {
  return `array(select a.attname::text from unnest(${attnums}) with ordinality as k(attnum, ord)
    join pg_catalog.pg_attribute a on a.attrelid = ${rel} and a.attnum = k.attnum order by k.ord)`;
}

/** A foreign key between two tables of the schemas in $1, as the Citus rules read it. */
export interface ForeignKeyRow {
  /** The constraint's name. */
  key: string;
  /** The referencing table: raw name and quoted `schema.table`. */
  name: string;
  object: string;
  referenced: string;
  referencedObject: string;
  columns: string[];
  referencedColumns: string[];
  /** pg_constraint.confdeltype / confupdtype: a no action, r restrict, c cascade, n set null, d set default. */
  onDelete: string;
  onUpdate: string;
}

export const foreignKeys = `
  with t as (${plannedTables})
  select con.conname::text as key, t.name, t.object, r.name as referenced, r.object as "referencedObject",
         ${columnNames('con.conrelid', 'con.conkey')} as columns,
         ${columnNames('con.confrelid', 'con.confkey')} as "referencedColumns",
         con.confdeltype::text as "onDelete", con.confupdtype::text as "onUpdate"
  from t
  join pg_catalog.pg_constraint con on con.conrelid = t.oid and con.contype = 'f'
  join t as r on r.oid = con.confrelid`;

/** A Citus rule: it checks the one schema the plan places. */
export function citusRule<Row>(plan: CitusPlan, rule: { name: string; query: string; findings(rows: Row[]): RuleFinding[] }): SchemaRule {
  return catalogRule<Row>({ ...rule, schemas: [plan.schema] });
}
