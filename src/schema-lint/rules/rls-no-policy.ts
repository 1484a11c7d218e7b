import { catalogRule, checkedTables } from '../rule.ts';

/** RLS on and no policy: every row is hidden from everyone but the owner, which is rarely what was meant. */
export const rlsNoPolicy = catalogRule<{ object: string }>({
  name: 'rls-no-policy',
  query: `with t as (${checkedTables})
    select object from t where rls and not exists (select from pg_catalog.pg_policy p where p.polrelid = t.oid)`,
  findings: (rows) =>
    rows.map(({ object }) => ({
      object,
      message: 'row level security is on but the table has no policy, so no visitor can read or change a row; add a policy per access rule',
    })),
});
