import { catalogRule } from '../rule.ts';

interface Row {
  object: string;
  policy: string;
  command: string;
  clauses: string;
}

/**
 * A permissive write policy whose USING or WITH CHECK is `true` lets its roles
 * change, or write, any row. (An omitted clause is not the same: with no USING
 * a policy matches no row, and an INSERT policy with no WITH CHECK admits none.)
 */
export const permissiveWritePolicy = catalogRule<Row>({
  name: 'permissive-write-policy',
  query: `
    select format('%I.%I', n.nspname, c.relname) as object, quote_ident(p.polname) as policy,
           case p.polcmd when 'a' then 'INSERT' when 'w' then 'UPDATE' when 'd' then 'DELETE' else 'ALL' end as command,
           concat_ws(' and ',
             case when pg_catalog.pg_get_expr(p.polqual, p.polrelid) = 'true' then 'USING (true)' end,
             case when pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) = 'true' then 'WITH CHECK (true)' end) as clauses
    from pg_catalog.pg_policy p
    join pg_catalog.pg_class c on c.oid = p.polrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any($1) and p.polpermissive and p.polcmd in ('a', 'w', 'd', '*')
      and 'true' in (pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))`,
  findings: (rows) =>
    rows.map(({ object, policy, command, clauses }) => ({
      object,
      message: `write policy ${policy} (FOR ${command}) has ${clauses}, so its roles may write any row; limit it to the visitor's rows, e.g. \`user_id = (select app_public.current_user_id())\``,
    })),
});
