import { orderTables } from '../emit/table-order.ts';
import type { ForeignKeyModel, TableModel } from '../model/schema-model.ts';
import { colocationGroup, type CitusPlan, type CitusRole } from './citus-plan.ts';

/**
 * The calls that would place the schema on Citus, in an order that works:
 * reference tables first (distributed tables may reference them), then each
 * co-location group's first table (its members name it in colocate_with),
 * then the other distributed tables; within each list a referenced table
 * comes before the tables that reference it (foreign-key order, cycles
 * broken as the DDL files break them), since Citus places a table only after
 * the tables its keys point at. A key that still points forward (it closes a
 * cycle, or the group's first table references a member) is dropped before
 * the first call and added again after the last. Local tables need no call.
 * The order assumes the lint's findings are fixed: a key Citus refuses
 * (reference → distributed) is the findings' to drop, not this list's, and
 * tables the plan does not place are left out.
 */
export function citusCreateOrder(plan: CitusPlan, tables: readonly TableModel[]): string[] {
  const byFkOrder = orderTables([...tables]).tables;
  const role = (name: string): CitusRole | undefined => plan.tables.get(name)?.role;
  const anchor = (name: string): boolean => {
    const entry = plan.tables.get(name);
    return entry?.role === 'distributed' && entry.colocateWith === undefined;
  };
  const sequence = [
    ...byFkOrder.filter((t) => role(t.name) === 'reference'),
    ...byFkOrder.filter((t) => anchor(t.name)),
    ...byFkOrder.filter((t) => role(t.name) === 'distributed' && !anchor(t.name)),
  ];
  const position = new Map(sequence.map((t, i) => [t.name, i]));
  const forward: { table: TableModel; foreignKey: ForeignKeyModel }[] = sequence.flatMap((table) =>
    table.foreignKeys
      .filter((fk) => (position.get(fk.foreignTable) ?? -1) > (position.get(table.name) ?? -1))
      .filter((fk) => role(table.name) === role(fk.foreignTable))
      .map((foreignKey) => ({ table, foreignKey })),
  );
  const qualified = (name: string): string => `${plan.schema}.${name}`;
  const call = (table: TableModel): string => {
    const entry = plan.tables.get(table.name);
    if (entry?.role !== 'distributed') return `select create_reference_table('${qualified(table.name)}');`;
    const group = colocationGroup(table.name, entry);
    const colocate = group === table.name ? '' : `, colocate_with => '${qualified(group)}'`;
    return `select create_distributed_table('${qualified(table.name)}', '${entry.column}'${colocate});`;
  };
  const local = byFkOrder.filter((t) => role(t.name) === 'local').map((t) => qualified(t.name));
  return [
    ...forward.map(({ table, foreignKey }) => `alter table ${qualified(table.name)} drop constraint ${foreignKey.name};  -- points forward`),
    ...sequence.map(call),
    ...forward.map(({ table, foreignKey }) => `alter table ${qualified(table.name)} add constraint ${foreignKey.name} ${foreignKey.definition};`),
    ...(local.length > 0 ? [`-- local, on the coordinator only (no call): ${local.join(', ')}`] : []),
  ];
}
