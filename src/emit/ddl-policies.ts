import type { PolicyModel, TableModel } from '../model/schema-model.ts';
import { grantee } from './ddl-privileges.ts';
import { qualifiedNamesIn, type SqlNames } from './sql-text.ts';

/**
 * Where the DDL creates each policy. CREATE POLICY checks its expressions at
 * once, so a policy whose USING or WITH CHECK names a table created later in
 * the file order (a policy on teams that reads team_members) or a function of
 * table rows (created after every table) waits for it. A policy is created in
 * its own table's file when it can be, else in the file of the last object it
 * names: the files still apply one after another.
 */

export interface PlacedPolicy {
  table: TableModel;
  policy: PolicyModel;
}

export interface PolicyPlacement {
  /**
   * Policies of earlier tables that wait for slot i, in table order then name:
   * slot i < tables.length is table i's file, tables.length the row functions.
   */
  waitingFor: (slot: number) => PlacedPolicy[];
  /** The slot a policy is created at. */
  slotOf: (policy: PolicyModel) => number;
}

/**
 * tables in creation order; rowFunctions: the qualified names of functions
 * created after every table. Names in the expressions are qualified
 * (search_path is pinned to pg_catalog at introspection).
 */
export function placePolicies(
  tables: readonly TableModel[],
  qualify: (table: string) => string,
  rowFunctions: ReadonlySet<string>,
): PolicyPlacement {
  const slotByName = new Map(tables.map((t, i) => [qualify(t.name), i]));
  for (const name of rowFunctions) slotByName.set(name, tables.length);
  const slots = new Map<PolicyModel, number>();
  const waiting = new Map<number, PlacedPolicy[]>();
  tables.forEach((table, i) => {
    for (const policy of table.policies) {
      const named = qualifiedNamesIn(`${policy.using ?? ''} ${policy.withCheck ?? ''}`).map((n) => slotByName.get(n) ?? 0);
      const slot = Math.max(i, ...named);
      slots.set(policy, slot);
      if (slot === i) continue;
      const list = waiting.get(slot) ?? [];
      list.push({ table, policy });
      waiting.set(slot, list);
    }
  });
  return {
    waitingFor: (slot) => waiting.get(slot) ?? [],
    slotOf: (policy) => slots.get(policy) ?? 0,
  };
}

export function createPolicy(names: SqlNames, table: string, policy: PolicyModel): string {
  const parts = [`CREATE POLICY ${names.ident(policy.name)} ON ${table}`];
  if (!policy.permissive) parts.push('AS RESTRICTIVE');
  if (policy.command !== 'ALL') parts.push(`FOR ${policy.command}`);
  if (!(policy.roles.length === 1 && policy.roles[0] === 'PUBLIC')) parts.push(`TO ${policy.roles.map((role) => grantee(names, role)).join(', ')}`);
  if (policy.using !== undefined) parts.push(`USING (${policy.using})`);
  if (policy.withCheck !== undefined) parts.push(`WITH CHECK (${policy.withCheck})`);
  return `${parts.join('\n    ')};`;
}
