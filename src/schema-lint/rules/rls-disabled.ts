import { catalogRule, checkedTables, exposedSchemas } from '../rule.ts';

/** Every exposed table is behind row level security: without it a grant is a grant to every row. */
export const rlsDisabled = catalogRule<{ object: string }>({
  name: 'rls-disabled',
  schemas: exposedSchemas,
  query: `with t as (${checkedTables}) select object from t where not rls`,
  findings: (rows) =>
    rows.map(({ object }) => ({
      object,
      message: `row level security is off, so a grant reaches every row; run \`alter table ${object} enable row level security\` and add a policy per access rule`,
    })),
});
