import type { ColumnModel } from '../model/schema-model.ts';

/**
 * Whether a write may set a column, decided once for db.ts, kysely.ts and
 * zod.ts: the database computes generated and identity-always columns, never
 * updates an identity column, and a column whose comment carries
 * `@behavior -insert` / `-update` (PostGraphile's smart tag, e.g. a balance a
 * trigger owns) is declared not writable by the schema itself.
 */

type Write = 'insert' | 'update';

/** The `@behavior` tokens of a column; the tag may repeat, each holding space-separated behaviors. */
function behaviorTokens(column: ColumnModel): string[] {
  const tag = column.tags.behavior;
  const values = tag === undefined ? [] : Array.isArray(tag) ? tag : [tag];
  return values.flatMap((value) => (typeof value === 'string' ? value.split(/\s+/) : []));
}

/**
 * True when a behavior token removes the write: `-insert` or `-attribute:insert`.
 * Not `-*`: that hides a column from the GraphQL API (a secret the backend
 * still writes), it does not make the column read-only.
 */
function deniedByBehavior(column: ColumnModel, write: Write): boolean {
  return behaviorTokens(column).some((token) => token === `-${write}` || token === `-attribute:${write}`);
}

export function isInsertable(column: ColumnModel): boolean {
  return column.generated === undefined && column.identity !== 'always' && !deniedByBehavior(column, 'insert');
}

export function isUpdatable(column: ColumnModel): boolean {
  return column.generated === undefined && column.identity === undefined && !deniedByBehavior(column, 'update');
}
