import { citusRule, plannedTables } from '../citus-catalog.ts';
import type { CitusPlan } from '../citus-plan.ts';
import type { RuleFinding, SchemaRule } from '../rule.ts';

interface Row {
  name: string;
  object: string;
}

/** Every table of the schema has a place in the plan, and the plan places no table that is gone. */
export function citusPlanCoverage(plan: CitusPlan): SchemaRule {
  return citusRule<Row>(plan, {
    name: 'citus-plan-coverage',
    query: `with t as (${plannedTables}) select name, object from t`,
    findings: (rows) => {
      const live = new Set(rows.map((r) => r.name));
      const missing = rows.filter((r) => !plan.tables.has(r.name)).map(({ object }): RuleFinding => ({
        object,
        message: `this table has no place in the Citus plan; add it to ${plan.source} as distributed (with its distribution column), reference or local`,
      }));
      const stale = [...plan.tables.keys()].filter((name) => !live.has(name)).map((name): RuleFinding => ({
        object: `${plan.schema}.${name}`,
        message: `the Citus plan (${plan.source}) places this table, which does not exist; remove its entry or fix its name`,
      }));
      return [...missing, ...stale];
    },
  });
}
