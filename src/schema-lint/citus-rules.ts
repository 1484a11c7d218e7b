import type { CitusPlan } from './citus-plan.ts';
import type { SchemaRule } from './rule.ts';
import { citusDistributionColumn } from './rules/citus-distribution-column.ts';
import { citusForeignKey } from './rules/citus-foreign-key.ts';
import { citusForeignKeyPlacement } from './rules/citus-foreign-key-placement.ts';
import { citusNarrowSequence } from './rules/citus-narrow-sequence.ts';
import { citusPlanCoverage } from './rules/citus-plan-coverage.ts';
import { citusUniqueKey } from './rules/citus-unique-key.ts';

/** Every rule `cfdb lint:schema --citus` runs, each checking the catalog against the plan. */
export function citusRules(plan: CitusPlan): SchemaRule[] {
  return [
    citusPlanCoverage(plan),
    citusDistributionColumn(plan),
    citusUniqueKey(plan),
    citusForeignKey(plan),
    citusForeignKeyPlacement(plan),
    citusNarrowSequence(plan),
  ];
}

/** The rules' names, for help text: they do not depend on the plan, so any plan (an empty one) gives them. */
export function citusRuleNames(): string[] {
  return citusRules({ schema: 'app_public', tables: new Map(), source: '' }).map((rule) => rule.name);
}
