import type { ColumnModel, TableModel } from '../model/schema-model.ts';
import { isInsertable, isUpdatable } from './column-writes.ts';
import { pgRuntimeShape } from './pg-runtime-types.ts';
import { camelCase, pascalCase, tableTypeName } from './ts-names.ts';

/**
 * Which names db.ts exports for each table, decided before anything is
 * rendered, and which branded id each key column carries.
 */

export interface ValueSetNames {
  /** The union type, e.g. `UserSubscriptionTier`. */
  type: string;
  /** The `as const` array, e.g. `userSubscriptionTierValues`. */
  values: string;
}

/** Every name db.ts exports for one table, decided before anything is rendered. */
export interface TableNames {
  table: TableModel;
  row: string;
  insert: string;
  update: string;
  /** The branded id type, when the table has a single-column primary key. */
  id?: string;
  /** Value-set names by column name. */
  valueSets: Map<string, ValueSetNames>;
  /** The columns an insert may set, in table order (column-writes.ts decides). */
  insertColumns: ColumnModel[];
  /** The columns an update may set, in table order. */
  updateColumns: ColumnModel[];
}

/** Value sets name a string column's allowed literals; a CHECK on any other type stays a plain type. */
function hasStringValueSet(column: ColumnModel): boolean {
  return column.valueSet !== undefined && pgRuntimeShape(column).scalar === 'string';
}

export function planTable(table: TableModel): TableNames {
  const row = tableTypeName(table);
  const pk = table.primaryKey?.columns;
  const valueSets = new Map<string, ValueSetNames>();
  for (const column of table.columns.filter(hasStringValueSet)) {
    // Named per table and column, so adding a table never renames an existing type.
    const type = `${row}${pascalCase(column.name)}`;
    valueSets.set(column.name, { type, values: `${camelCase(type)}Values` });
  }
  return {
    table,
    row,
    insert: `${row}Insert`,
    update: `${row}Update`,
    ...(pk?.length === 1 ? { id: `${row}Id` } : {}),
    valueSets,
    insertColumns: table.columns.filter(isInsertable),
    updateColumns: table.columns.filter(isUpdatable),
  };
}

/** Throws when two objects would export the same name: silently merging them would mistype both. */
export function assertUniqueNames(plans: readonly TableNames[]): void {
  const owners = new Map<string, string>([
    ['Json', 'the JSON value type'],
    ['JsonInput', 'the JSON parameter type'],
    ['PgInterval', 'the interval type'],
    ['PgPoint', 'the point type'],
    ['PgCircle', 'the circle type'],
    ['Tables', 'the table map'],
    ['TableName', 'the table name type'],
  ]);
  const claim = (name: string, owner: string): void => {
    const previous = owners.get(name);
    if (previous) throw new Error(`db.ts: ${owner} and ${previous} both want the TypeScript name ${name}; rename one of them.`);
    owners.set(name, owner);
  };
  for (const plan of plans) {
    const table = `table ${plan.table.name}`;
    for (const name of [plan.row, plan.insert, plan.update, plan.id]) if (name) claim(name, table);
    for (const [column, names] of plan.valueSets) {
      claim(names.type, `the value set of ${plan.table.name}.${column}`);
      claim(names.values, `the value set of ${plan.table.name}.${column}`);
    }
  }
}

/** The branded id a column holds: its own table's when it is the primary key, else the one its foreign key references. */
export function brandOf(plan: TableNames, column: ColumnModel, plans: ReadonlyMap<string, TableNames>): string | undefined {
  const pk = plan.table.primaryKey?.columns;
  if (plan.id && pk?.[0] === column.name) return plan.id;
  for (const fk of plan.table.foreignKeys) {
    if (fk.columns.length !== 1 || fk.columns[0] !== column.name) continue;
    const target = plans.get(fk.foreignTable);
    if (target?.id && target.table.primaryKey?.columns[0] === fk.foreignColumns[0]) return target.id;
  }
  return undefined;
}
