import { citusRule, foreignKeys, type ForeignKeyRow } from '../citus-catalog.ts';
import { colocationGroup, distributed, type CitusPlan } from '../citus-plan.ts';
import type { RuleFinding, SchemaRule } from '../rule.ts';

/**
 * A foreign key between two distributed tables joins co-located shards only:
 * the tables share a co-location group and the key holds the distribution
 * column of each at the same position, so that every check stays on one
 * shard. On such a key Citus also refuses ON DELETE SET NULL / SET DEFAULT
 * (PostgreSQL 15's column list does not help) and any ON UPDATE action but
 * NO ACTION and RESTRICT. A key the plan drops (one that may point at
 * another tenant's row) is reported as one to drop.
 */
export function citusForeignKey(plan: CitusPlan): SchemaRule {
  return citusRule<ForeignKeyRow>(plan, {
    name: 'citus-foreign-key',
    query: foreignKeys,
    findings: (rows) => [...rows.flatMap((row) => finding(plan, row)), ...staleDrops(plan, rows)],
  });
}

/** Keys the plan drops that the table does not have (renamed or gone): the plan would silently stop saying why. */
function staleDrops(plan: CitusPlan, rows: ForeignKeyRow[]): RuleFinding[] {
  const live = new Set(rows.map((row) => `${row.name}.${row.key}`));
  return [...plan.tables].flatMap(([table, entry]) =>
    entry.role !== 'distributed'
      ? []
      : Object.keys(entry.dropForeignKeys ?? {})
          .filter((key) => !live.has(`${table}.${key}`))
          .map((key) => ({
            object: `${plan.schema}.${table}`,
            message: `the Citus plan drops foreign key ${key}, which this table does not have; remove it from dropForeignKeys in ${plan.source} or fix its name`,
          })),
  );
}

const ACTIONS: Record<string, string> = { c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

function finding(plan: CitusPlan, row: ForeignKeyRow): RuleFinding[] {
  const child = distributed(plan, row.name);
  const parent = distributed(plan, row.referenced);
  if (!child || !parent) return [];
  const key = `foreign key ${row.key} (${row.columns.join(', ')}) → ${row.referencedObject} (${row.referencedColumns.join(', ')})`;
  if (colocationGroup(row.name, child) !== colocationGroup(row.referenced, parent)) {
    return [{ object: row.object, message: `${key} joins two co-location groups; colocate the tables, or drop the key and check it in the backend` }];
  }
  const dropped = child.dropForeignKeys?.[row.key];
  if (dropped !== undefined) {
    return [{ object: row.object, message: `${key} cannot carry the distribution column: ${dropped}; the plan drops it, so drop it and check the reference in the backend (its ON DELETE too)` }];
  }
  const problems: string[] = [];
  const aligned = row.columns.some((column, i) => column === child.column && row.referencedColumns[i] === parent.column);
  if (!aligned) {
    const columns = [child.column, ...row.columns.filter((c) => c !== child.column)].join(', ');
    const referenced = [parent.column, ...row.referencedColumns.filter((c) => c !== parent.column)].join(', ');
    problems.push(`does not carry the distribution columns at one position; make it (${columns}) → (${referenced})`);
  }
  const onDelete = row.onDelete === 'n' || row.onDelete === 'd' ? ACTIONS[row.onDelete] : undefined;
  if (onDelete) problems.push(`has ON DELETE ${onDelete}, which Citus refuses on a key that holds the distribution column; make it NO ACTION and null the column in the delete`);
  const onUpdate = ACTIONS[row.onUpdate];
  if (onUpdate) problems.push(`has ON UPDATE ${onUpdate}, which Citus refuses; make it NO ACTION`);
  return problems.length === 0 ? [] : [{ object: row.object, message: `${key} ${problems.join('; and ')}` }];
}
