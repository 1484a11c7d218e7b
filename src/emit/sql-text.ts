/**
 * Identifiers and literals for generated SQL, spelled as PostgreSQL's own
 * quote_ident and quote_literal would, so generated DDL reads like the
 * catalog's pg_get_*def texts it sits beside.
 */

import { quoteIdentWith } from '../lib/sql-names.ts';

/** Identifiers as the server at hand quotes them: built from its keyword list (SchemaModel.quotedKeywords). */
export interface SqlNames {
  /** An identifier, double-quoted only when it must be: as quote_ident does, anything but [a-z_][a-z0-9_]* or a keyword is quoted. */
  ident(name: string): string;
  /** schema.name, each part quoted only when it must be. */
  qualified(schema: string, name: string): string;
}

export function sqlNames(quotedKeywords: readonly string[]): SqlNames {
  const ident = quoteIdentWith(quotedKeywords);
  return { ident, qualified: (schema, name) => `${ident(schema)}.${ident(name)}` };
}

/** A string literal. Backslashes need no escaping: standard_conforming_strings is on since PostgreSQL 9.1. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Every schema-qualified name (schema.name, either part quoted or not) in a catalog-rendered text, in order. */
export function qualifiedNamesIn(text: string): string[] {
  return [...text.matchAll(/(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")\.(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")/g)].map((m) => m[0]);
}
