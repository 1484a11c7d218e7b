import { catalogRule, checkedTables } from '../rule.ts';

/** Policies on a table whose RLS is off are never applied: the table looks protected and is not. */
export const policyWithoutRls = catalogRule<{ object: string; policies: string }>({
  name: 'policy-without-rls',
  query: `with t as (${checkedTables})
    select t.object, string_agg(quote_ident(p.polname), ', ' order by p.polname) as policies
    from t join pg_catalog.pg_policy p on p.polrelid = t.oid
    where not t.rls
    group by t.object`,
  findings: (rows) =>
    rows.map(({ object, policies }) => ({
      object,
      message: `row level security is off, so its policies (${policies}) are never applied; run \`alter table ${object} enable row level security\``,
    })),
});
