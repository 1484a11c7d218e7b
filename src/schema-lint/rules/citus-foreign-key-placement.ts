import { citusRule, foreignKeys, type ForeignKeyRow } from '../citus-catalog.ts';
import type { CitusPlan, CitusRole } from '../citus-plan.ts';
import type { RuleFinding, SchemaRule } from '../rule.ts';

/**
 * Foreign keys Citus cannot keep because of where the two tables live: from a
 * reference table (a copy on every node) to a distributed one (a part on
 * each), and between a local table (on the coordinator only) and a
 * distributed one, either way. Distributed → reference, and keys between
 * reference and local tables, are supported.
 */
export function citusForeignKeyPlacement(plan: CitusPlan): SchemaRule {
  return citusRule<ForeignKeyRow>(plan, {
    name: 'citus-foreign-key-placement',
    query: foreignKeys,
    findings: (rows) => rows.flatMap((row) => finding(plan, row)),
  });
}

const REFUSED: Partial<Record<`${CitusRole}→${CitusRole}`, string>> = {
  'reference→distributed': 'a reference table may not reference a distributed one',
  'local→distributed': 'a local table may not reference a distributed one',
  'distributed→local': 'a distributed table may not reference a local one',
};

const DELETE_RULES: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

function finding(plan: CitusPlan, row: ForeignKeyRow): RuleFinding[] {
  const from = plan.tables.get(row.name)?.role;
  const to = plan.tables.get(row.referenced)?.role;
  const reason = from && to ? REFUSED[`${from}→${to}`] : undefined;
  if (!reason) return [];
  const rule = DELETE_RULES[row.onDelete] ?? row.onDelete;
  return [{
    object: row.object,
    message: `foreign key ${row.key} (${row.columns.join(', ')}) → ${row.referencedObject}, a ${to} table: ${reason}; drop the key and do its ON DELETE ${rule} in the backend, or change one table's role in ${plan.source}`,
  }];
}
