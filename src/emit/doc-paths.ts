import { posix } from 'node:path';

/**
 * Where the documentation emitters put their files, in one place so the
 * links one emitter writes point at files another one produces.
 */
export const DOCS_INDEX = 'docs/README.md';
export const ERD_MARKDOWN = 'docs/erd.md';
/** The access matrix: written by hand (it is the spec the security tests enforce), linked from the generated pages. */
export const SECURITY_DOC = 'docs/security.md';
/** Partitioning and the Citus plan: written by hand, its create order checked by test/lint-schema-citus.test.ts. */
export const SCALING_DOC = 'docs/scaling.md';
export const DIAGRAMS_DIR = 'docs/diagrams';
/** The whole-schema diagram's name, fixed by the product spec. */
export const SCHEMA_DIAGRAM = 'creativeflow_ai_erd';

export function diagramPath(name: string, format: 'svg' | 'png'): string {
  return `${DIAGRAMS_DIR}/${name}.${format}`;
}

export function tablePagePath(table: string): string {
  return `docs/tables/${table}.md`;
}

/** A Markdown link target from the file at `from` to the file at `to` (both repository-relative). */
export function linkTarget(from: string, to: string): string {
  return posix.relative(posix.dirname(from), to);
}
