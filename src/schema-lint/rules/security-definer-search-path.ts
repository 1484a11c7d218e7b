import { catalogRule, notInExtension } from '../rule.ts';

/**
 * A SECURITY DEFINER function runs with its owner's rights but resolves names
 * through the caller's search_path unless it fixes its own; a caller could then
 * make it run their objects as the owner.
 */
export const securityDefinerSearchPath = catalogRule<{ object: string }>({
  name: 'security-definer-search-path',
  query: `
    select p.oid::pg_catalog.regprocedure::text as object
    from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname = any($1) and p.prosecdef and ${notInExtension('p.oid')}
      and not exists (select from unnest(p.proconfig) as setting where setting like 'search_path=%')`,
  findings: (rows) =>
    rows.map(({ object }) => ({
      object,
      message: "SECURITY DEFINER without a fixed search_path, so a caller's search_path decides what it runs; add `set search_path = pg_catalog, pg_temp` and qualify every name it uses",
    })),
});
