/**
 * Identifiers and literals for generated SQL, spelled as PostgreSQL's own
 * quote_ident and quote_literal would, so generated DDL reads like the
 * catalog's pg_get_*def texts it sits beside.
 */

/**
 * Keywords quote_ident quotes: every keyword that is not UNRESERVED
 * (pg_get_keywords() where catcode <> 'U', PostgreSQL 18, a superset of 15's).
 */
const quotedKeywords = new Set(
  `all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case
  cast char character check coalesce collate collation column concurrently constraint create cross current_catalog
  current_date current_role current_schema current_time current_timestamp current_user dec decimal default deferrable
  desc distinct do else end except exists extract false fetch float for foreign freeze from full grant greatest group
  grouping having ilike in initially inner inout int integer intersect interval into is isnull join json json_array
  json_arrayagg json_exists json_object json_objectagg json_query json_scalar json_serialize json_table json_value
  lateral leading least left like limit localtime localtimestamp merge_action national natural nchar none normalize
  not notnull null nullif numeric offset on only or order out outer overlaps overlay placing position precision
  primary real references returning right row select session_user setof similar smallint some substring symmetric
  system_user table tablesample then time timestamp to trailing treat trim true union unique user using values
  varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest
  xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`.split(/\s+/),
);

/** An identifier, double-quoted only when it must be: as quote_ident does, anything but [a-z_][a-z0-9_]* or a keyword is quoted. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !quotedKeywords.has(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** schema.name, each part quoted only when it must be. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** A string literal. Backslashes need no escaping: standard_conforming_strings is on since PostgreSQL 9.1. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Every schema-qualified name (schema.name, either part quoted or not) in a catalog-rendered text, in order. */
export function qualifiedNamesIn(text: string): string[] {
  return [...text.matchAll(/(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")\.(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")/g)].map((m) => m[0]);
}
