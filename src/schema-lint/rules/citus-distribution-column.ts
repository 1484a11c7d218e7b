import { citusRule, plannedTables } from '../citus-catalog.ts';
import { colocationGroup, distributed, type CitusPlan } from '../citus-plan.ts';
import type { RuleFinding, SchemaRule } from '../rule.ts';

interface Row {
  name: string;
  object: string;
  /** Each column: its type as SQL writes it and whether it is NOT NULL. */
  columns: Record<string, { type: string; notNull: boolean }>;
}

/**
 * The planned distribution column is on the table, never null, and of the
 * same type as the one its co-location group starts with: Citus hashes the
 * value of that column in every row, and co-located shards share hash ranges.
 */
export function citusDistributionColumn(plan: CitusPlan): SchemaRule {
  return citusRule<Row>(plan, {
    name: 'citus-distribution-column',
    query: `
      with t as (${plannedTables})
      select t.name, t.object,
             coalesce(json_object_agg(a.attname, json_build_object('type', pg_catalog.format_type(a.atttypid, a.atttypmod), 'notNull', a.attnotnull))
                      filter (where a.attname is not null), '{}') as columns
      from t
      left join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
      group by t.name, t.object`,
    findings: (rows) => {
      const byName = new Map(rows.map((r) => [r.name, r]));
      return rows.flatMap((row): RuleFinding[] => {
        const placement = distributed(plan, row.name);
        if (!placement) return [];
        const column = row.columns[placement.column];
        const group = colocationGroup(row.name, placement);
        const anchor = distributed(plan, group);
        const anchorType = anchor ? byName.get(group)?.columns[anchor.column]?.type : undefined;
        if (!column) {
          const type = anchorType ?? 'uuid';
          const source = placement.adds ? `, filled with ${placement.adds}` : '';
          return [{
            object: row.object,
            message: `the Citus plan distributes this table by ${placement.column}, which it does not have; add \`${placement.column} ${type} not null\`${source}, and index it`,
          }];
        }
        const findings: RuleFinding[] = [];
        if (!column.notNull) {
          findings.push({
            object: `${row.object}.${placement.column}`,
            message: `the distribution column may be null, and Citus places every row by its value; make it not null, or make the table a reference table`,
          });
        }
        if (anchorType !== undefined && group !== row.name && column.type !== anchorType) {
          findings.push({
            object: `${row.object}.${placement.column}`,
            message: `the distribution column is ${column.type} and ${group}'s is ${anchorType}; co-located tables need one type, so make it ${anchorType}`,
          });
        }
        return findings;
      });
    },
  });
}
