import { compareNames } from '../lib/compare.ts';
import type { ForeignKeyModel, TableModel } from '../model/schema-model.ts';

export interface TableNumbering {
  /** Each table's file number, from 1. */
  numbers: ReadonlyMap<string, number>;
  /** Digits to print a number with: 3, or more once the numbers given out pass 999. */
  digits: number;
}

/**
 * Numbers the tables of the per-table DDL files by `history`, the schema's
 * table names in the order the migrations first create them (see
 * src/migrate/table-history.ts): the nth name gets n, whether or not the
 * table still exists, so a dropped table's number stays retired and a new
 * table takes the next one without renumbering any other. Tables the
 * history does not know (made by hand) follow every number it gave, by name.
 */
export function numberTables(tables: readonly TableModel[], history: readonly string[]): TableNumbering {
  const numbers = new Map<string, number>();
  history.forEach((name) => {
    if (!numbers.has(name)) numbers.set(name, numbers.size + 1);
  });
  const given = numbers.size;
  const unknown = tables.map((t) => t.name).filter((name) => !numbers.has(name)).sort(compareNames);
  unknown.forEach((name, i) => numbers.set(name, given + i + 1));
  return { numbers, digits: Math.max(3, String(numbers.size).length) };
}

/** The tables in file-number order. */
export function inNumberOrder(tables: readonly TableModel[], { numbers }: TableNumbering): TableModel[] {
  return [...tables].sort((a, b) => (numbers.get(a.name) ?? 0) - (numbers.get(b.name) ?? 0));
}

/**
 * Foreign keys that point at a table created later in `order` (self-references
 * are fine inside CREATE TABLE): the ones to add once every table exists, so
 * that the tables apply in that order.
 */
export function forwardForeignKeys(order: readonly TableModel[]): { table: TableModel; foreignKey: ForeignKeyModel }[] {
  const position = new Map(order.map((t, i) => [t.name, i]));
  return order.flatMap((table, i) =>
    table.foreignKeys
      .filter((foreignKey) => (position.get(foreignKey.foreignTable) ?? -1) > i)
      .map((foreignKey) => ({ table, foreignKey })),
  );
}
