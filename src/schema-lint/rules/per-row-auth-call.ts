import { callsOutsideScalarSubselect } from '../per-row-calls.ts';
import { catalogRule, type RuleFinding } from '../rule.ts';

interface Row {
  object: string;
  policy: string;
  /** The policy's USING and WITH CHECK as pg_node_tree text; null where absent. */
  using: string | null;
  with_check: string | null;
  /** The functions to look for, oid → how to write the call: current_user_id() of any schema, current_setting(…). */
  watched: Record<string, string>;
}

/**
 * A policy that calls current_user_id() or current_setting() outside a scalar
 * sub-select runs the call for every row it checks; `(select …)` runs it once
 * per statement (see per-row-calls.ts). The calls are found in the policy's
 * parse tree, so the schema it was called through does not matter.
 */
export const perRowAuthCall = catalogRule<Row>({
  name: 'per-row-auth-call',
  query: `
    with watched as (
      select coalesce(json_object_agg(f.oid::text,
               case when fn.nspname = 'pg_catalog' then quote_ident(f.proname) else format('%I.%I', fn.nspname, f.proname) end
               || case when f.pronargs = 0 then '()' else '(…)' end),
             '{}') as functions
      from pg_catalog.pg_proc f
      join pg_catalog.pg_namespace fn on fn.oid = f.pronamespace
      where f.proname in ('current_user_id', 'current_setting')
    )
    select format('%I.%I', n.nspname, c.relname) as object, quote_ident(p.polname) as policy,
           p.polqual::text as using, p.polwithcheck::text as with_check, watched.functions as watched
    from pg_catalog.pg_policy p
    join pg_catalog.pg_class c on c.oid = p.polrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    cross join watched
    where n.nspname = any($1)`,
  findings: (rows) => rows.flatMap(findings),
});

function findings({ object, policy, using, with_check, watched }: Row): RuleFinding[] {
  const oids = new Set(Object.keys(watched));
  const oidsCalled = [using, with_check].flatMap((tree) => (tree ? [...callsOutsideScalarSubselect(tree, oids)] : []));
  // Overloads (current_setting has two) are written the same way: one finding for both.
  const calls = new Set(oidsCalled.map((oid) => watched[oid] ?? oid));
  return [...calls].sort().map((call) => ({
    object,
    message: `policy ${policy} calls ${call} for every row it checks; write \`(select ${call})\` so it runs once per statement`,
  }));
}
