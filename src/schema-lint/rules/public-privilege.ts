import { catalogRule, notInExtension, type RuleFinding } from '../rule.ts';

interface Row {
  object: string;
  /** 'schema', 'table', 'view', 'sequence', 'column', 'function', …, or 'default' for default privileges. */
  kind: string;
  /** What a REVOKE names: `table app_public.users`, or for default privileges `for role x in schema y`. */
  target: string;
  /** For a column, its quoted name; for default privileges, which objects ('tables', 'functions', …). */
  detail: string | null;
  privileges: string;
}

/**
 * PUBLIC is every role, present and future: what it holds, the visitor holds
 * too, whatever the policies and column grants say. A null ACL means
 * PostgreSQL's default (acldefault), which for functions is EXECUTE to PUBLIC.
 * Default privileges count too, those of each schema's owner: unless revoked,
 * every function created later is executable by PUBLIC. Types are left out:
 * PostgreSQL gives PUBLIC USAGE on every type, and it reads no data.
 */
export const publicPrivilege = catalogRule<Row>({
  name: 'public-privilege',
  query: `
    with granted as (
      select format('%I', n.nspname) as object, 'schema' as kind, format('schema %I', n.nspname) as target,
             null as detail, n.nspacl as acl
      from pg_catalog.pg_namespace n
      where n.nspname = any($1)
    union all
      select format('%I.%I', n.nspname, c.relname),
             case c.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
                            when 'f' then 'foreign table' else 'table' end,
             format(case c.relkind when 'S' then 'sequence %I.%I' else 'table %I.%I' end, n.nspname, c.relname),
             null,
             coalesce(c.relacl, pg_catalog.acldefault(case c.relkind when 'S' then 's' else 'r' end::"char", c.relowner))
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and ${notInExtension('c.oid')}
    union all
      select format('%I.%I.%I', n.nspname, c.relname, a.attname), 'column', format('table %I.%I', n.nspname, c.relname),
             quote_ident(a.attname), a.attacl
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1) and a.attnum > 0 and not a.attisdropped and a.attacl is not null
    union all
      select p.oid::pg_catalog.regprocedure::text, 'function', 'function ' || p.oid::pg_catalog.regprocedure::text,
             null, coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      where n.nspname = any($1) and ${notInExtension('p.oid')}
    union all
      -- What the schema owner's new objects get: the global default (PostgreSQL's
      -- own when none is set) and what is added for this schema alone.
      select format('%I', n.nspname), 'default', defaults.target, d.objects, defaults.acl
      from pg_catalog.pg_namespace n
      cross join (values ('r', 'r', 'tables'), ('S', 's', 'sequences'), ('f', 'f', 'functions')) as d(objtype, aclkind, objects)
      cross join lateral (
        select format('for role %I', pg_catalog.pg_get_userbyid(n.nspowner)) as target, coalesce(
          (select g.defaclacl from pg_catalog.pg_default_acl g
            where g.defaclrole = n.nspowner and g.defaclnamespace = 0 and g.defaclobjtype = d.objtype::"char"),
          pg_catalog.acldefault(d.aclkind::"char", n.nspowner)) as acl
        union all
        select format('for role %I in schema %I', pg_catalog.pg_get_userbyid(n.nspowner), n.nspname), s.defaclacl
        from pg_catalog.pg_default_acl s
        where s.defaclrole = n.nspowner and s.defaclnamespace = n.oid and s.defaclobjtype = d.objtype::"char"
      ) as defaults
      where n.nspname = any($1)
    )
    select g.object, g.kind, g.target, g.detail, string_agg(distinct x.privilege_type, ', ' order by x.privilege_type) as privileges
    from granted g
    cross join lateral pg_catalog.aclexplode(g.acl) as x
    where x.grantee = 0
    group by g.object, g.kind, g.target, g.detail`,
  findings: (rows) => rows.map(finding),
});

function finding({ object, kind, target, detail, privileges }: Row): RuleFinding {
  if (kind === 'default') {
    return {
      object,
      message: `${detail} created here get ${privileges} for PUBLIC by default; run \`alter default privileges ${target} revoke ${privileges} on ${detail} from public\``,
    };
  }
  const revoked = kind === 'column' ? privileges.split(', ').map((p) => `${p} (${detail})`).join(', ') : privileges;
  return {
    object,
    message: `PUBLIC, and so every role, holds ${privileges} on this ${kind}; run \`revoke ${revoked} on ${target} from public\` and grant what each role needs`,
  };
}
