import { catalogRule } from '../rule.ts';

interface Row {
  object: string;
  role: string;
  command: string;
  count: number;
  policies: string;
}

/**
 * Permissive policies for the same role and command are ORed, and each is
 * evaluated for every row: overlap should be one policy. FOR ALL counts for
 * each of the four commands, and a policy TO PUBLIC for every role named by
 * the table's other policies (and for PUBLIC itself).
 */
export const multiplePermissivePolicies = catalogRule<Row>({
  name: 'multiple-permissive-policies',
  query: `
    with policies as (
      select format('%I.%I', n.nspname, c.relname) as object, p.polname, p.polroles, command
      from pg_catalog.pg_policy p
      join pg_catalog.pg_class c on c.oid = p.polrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      cross join lateral unnest(case p.polcmd when 'r' then array['SELECT'] when 'a' then array['INSERT']
                                              when 'w' then array['UPDATE'] when 'd' then array['DELETE']
                                              else array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] end) as command
      where n.nspname = any($1) and p.polpermissive
    ),
    roles as (
      select distinct object, command, role from policies cross join lateral unnest(polroles) as role
    )
    select r.object, case r.role when 0 then 'PUBLIC' else quote_ident(pg_catalog.pg_get_userbyid(r.role)) end as role,
           r.command, count(*)::int as count, string_agg(quote_ident(p.polname), ', ' order by p.polname) as policies
    from roles r
    join policies p on p.object = r.object and p.command = r.command and (r.role = any(p.polroles) or 0::oid = any(p.polroles))
    group by r.object, r.role, r.command
    having count(*) > 1`,
  findings: (rows) =>
    rows.map(({ object, role, command, count, policies }) => ({
      object,
      message: `${role} has ${count} permissive ${command} policies (${policies}), each evaluated for every row; merge them into one policy that ORs their conditions`,
    })),
});
