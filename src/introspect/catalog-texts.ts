/**
 * What PostGraphile's introspection does not carry: the catalog's own
 * renderings of definitions (pg_get_*def, pg_get_expr, format_type), triggers,
 * trigger functions (pg-introspection skips procs returning `trigger`),
 * policy expressions and privileges spelled as SQL keywords, and the server's
 * own keyword list. One statement,
 * keyed by oid (and attnum) so introspect.ts can join it onto the
 * pg-introspection entities.
 */

export interface CatalogTexts {
  columns: { relid: string; attnum: number; type: string; default: string | null }[];
  constraints: { id: string; definition: string }[];
  indexes: { id: string; definition: string; keys: string[] }[];
  triggers: { relid: string; name: string; definition: string; function: string; comment: string | null }[];
  functions: {
    id: string;
    schema: string;
    name: string;
    arguments: string;
    definition: string;
    comment: string | null;
  }[];
  policies: {
    relid: string;
    name: string;
    command: string;
    permissive: boolean;
    roles: string[];
    using: string | null;
    withCheck: string | null;
    comment: string | null;
  }[];
  /** Privileges of roles other than the owner; attnum 0 for the object itself. kind: 'class' | 'proc' | 'namespace'. */
  grants: { kind: string; id: string; attnum: number; grantee: string; privilege: string; grantable: boolean }[];
  /** The schemas the model's objects live in: the introspected one and those of its functions. */
  namespaces: string[];
  /**
   * pg_default_acl entries for every schema (schema null) and for those
   * namespaces; role null for the owner of the introspected schema; grants
   * leave out the role's own privileges. objects is defaclobjtype.
   */
  defaultPrivileges: {
    role: string | null;
    schema: string | null;
    objects: string;
    grants: { grantee: string; privilege: string; grantable: boolean }[];
  }[];
  /** The server's keywords that quote_ident quotes: pg_get_keywords() where catcode is not 'U' (unreserved); unsorted. */
  quotedKeywords: string[];
}

/** The catalog-texts statement for one schema; schemaLiteral is an escaped SQL literal. */
export function catalogTextsQuery(schemaLiteral: string): string {
  return `
with
  tables as (
    select c.oid
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schemaLiteral} and c.relkind in ('r', 'p')
  ),
  direct_procs as (
    select p.oid
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = ${schemaLiteral}
    union
    select d.refobjid
    from pg_depend d
    where d.refclassid = 'pg_proc'::regclass
      and (
        (d.classid = 'pg_trigger'::regclass and d.objid in (select t.oid from pg_trigger t where t.tgrelid in (select oid from tables)))
        or (d.classid = 'pg_attrdef'::regclass and d.objid in (select a.oid from pg_attrdef a where a.adrelid in (select oid from tables)))
        or (d.classid = 'pg_constraint'::regclass and d.objid in (select c.oid from pg_constraint c where c.conrelid in (select oid from tables)))
        or (d.classid = 'pg_policy'::regclass and d.objid in (select p.oid from pg_policy p where p.polrelid in (select oid from tables)))
        or (d.classid = 'pg_class'::regclass and d.objid in (select i.indexrelid from pg_index i where i.indrelid in (select oid from tables)))
      )
  ),
  -- Every function of a schema the DDL creates (app_private's helpers that only other functions call
  -- too), so that the DDL rebuilds those schemas whole, as the fingerprint compares them.
  used_procs as (
    select p.oid
    from pg_proc p
    where p.pronamespace in (select d.pronamespace from pg_proc d where d.oid in (select oid from direct_procs))
  ),
  procs as (
    select p.oid, p.proname, p.pronamespace, p.proowner, p.proacl, p.prokind
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where p.oid in (select oid from used_procs)
      and n.nspname not in ('pg_catalog', 'information_schema')
      -- Aggregates have no CREATE FUNCTION text (pg_get_functiondef refuses them); the model leaves them out.
      and p.prokind <> 'a'
      -- Extension members come with their extension, not from this schema's DDL.
      and not exists (
        select 1 from pg_depend e
        where e.classid = 'pg_proc'::regclass and e.objid = p.oid and e.deptype = 'e'
      )
  ),
  namespaces as (
    select n.oid, n.nspname, n.nspowner, n.nspacl
    from pg_namespace n
    where n.nspname = ${schemaLiteral} or n.oid in (select pronamespace from procs)
  ),
  acls as (
    select 'class' as kind, c.oid, 0 as attnum, c.relowner as owner,
      coalesce(c.relacl, acldefault('r', c.relowner)) as acl
    from pg_class c where c.oid in (select oid from tables)
    union all
    select 'class', a.attrelid, a.attnum, c.relowner, a.attacl
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    where a.attrelid in (select oid from tables) and a.attnum > 0 and not a.attisdropped and a.attacl is not null
    union all
    select 'proc', p.oid, 0, p.proowner, coalesce(p.proacl, acldefault('f', p.proowner)) from procs p
    union all
    select 'namespace', n.oid, 0, n.nspowner, coalesce(n.nspacl, acldefault('n', n.nspowner)) from namespaces n
  ),
  grants as (
    -- distinct: the same privilege granted by two grantors is one privilege here.
    select distinct a.kind, a.oid, a.attnum, x.grantee, x.privilege_type, x.is_grantable
    from acls a, aclexplode(a.acl) x
    -- The owner's own privileges are implied by ownership; listing them would tie the model to a role name.
    where x.grantee <> a.owner
  )
select json_build_object(
  'columns', coalesce((
    select json_agg(json_build_object(
      'relid', a.attrelid::text,
      'attnum', a.attnum,
      'type', format_type(a.atttypid, a.atttypmod),
      'default', pg_get_expr(d.adbin, d.adrelid)
    ) order by a.attrelid, a.attnum)
    from pg_attribute a
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid in (select oid from tables) and a.attnum > 0 and not a.attisdropped
  ), '[]'::json),
  'constraints', coalesce((
    select json_agg(json_build_object('id', c.oid::text, 'definition', pg_get_constraintdef(c.oid)) order by c.oid)
    from pg_constraint c
    where c.conrelid in (select oid from tables) and c.contype <> 'n'
  ), '[]'::json),
  'indexes', coalesce((
    select json_agg(json_build_object(
      'id', i.indexrelid::text,
      'definition', pg_get_indexdef(i.indexrelid),
      'keys', (select json_agg(pg_get_indexdef(i.indexrelid, k, true) order by k) from generate_series(1, i.indnkeyatts) k)
    ) order by i.indexrelid)
    from pg_index i
    where i.indrelid in (select oid from tables)
  ), '[]'::json),
  'triggers', coalesce((
    select json_agg(json_build_object(
      'relid', t.tgrelid::text,
      'name', t.tgname,
      'definition', pg_get_triggerdef(t.oid),
      'function', fn.nspname || '.' || p.proname,
      'comment', obj_description(t.oid, 'pg_trigger')
    ) order by t.tgrelid, t.tgname)
    from pg_trigger t
    join pg_proc p on p.oid = t.tgfoid
    join pg_namespace fn on fn.oid = p.pronamespace
    where t.tgrelid in (select oid from tables) and not t.tgisinternal
  ), '[]'::json),
  'functions', coalesce((
    select json_agg(json_build_object(
      'id', p.oid::text,
      'schema', n.nspname,
      'name', p.proname,
      'arguments', pg_get_function_identity_arguments(p.oid),
      'definition', pg_get_functiondef(p.oid),
      'comment', obj_description(p.oid, 'pg_proc')
    ) order by n.nspname, p.proname, p.oid)
    from procs p
    join pg_namespace n on n.oid = p.pronamespace
  ), '[]'::json),
  'policies', coalesce((
    select json_agg(json_build_object(
      'relid', p.polrelid::text,
      'name', p.polname,
      'command', p.polcmd,
      'permissive', p.polpermissive,
      'roles', (
        select json_agg(case when r = 0 then 'PUBLIC' else (select rolname from pg_roles where oid = r) end order by 1)
        from unnest(p.polroles) r
      ),
      'using', pg_get_expr(p.polqual, p.polrelid),
      'withCheck', pg_get_expr(p.polwithcheck, p.polrelid),
      'comment', obj_description(p.oid, 'pg_policy')
    ) order by p.polrelid, p.polname)
    from pg_policy p
    where p.polrelid in (select oid from tables)
  ), '[]'::json),
  'grants', coalesce((
    select json_agg(json_build_object(
      'kind', g.kind,
      'id', g.oid::text,
      'attnum', g.attnum,
      'grantee', case when g.grantee = 0 then 'PUBLIC' else (select rolname from pg_roles where oid = g.grantee) end,
      'privilege', g.privilege_type,
      'grantable', g.is_grantable
    ))
    from grants g
  ), '[]'::json),
  'namespaces', coalesce((select json_agg(n.nspname order by n.nspname) from namespaces n), '[]'::json),
  'defaultPrivileges', coalesce((
    select json_agg(json_build_object(
      'role', case when d.defaclrole = (select nspowner from pg_namespace where nspname = ${schemaLiteral}) then null
        else pg_get_userbyid(d.defaclrole) end,
      'schema', dn.nspname,
      'objects', d.defaclobjtype,
      'grants', coalesce((
        select json_agg(json_build_object(
          'grantee', case when x.grantee = 0 then 'PUBLIC' else pg_get_userbyid(x.grantee) end,
          'privilege', x.privilege_type,
          'grantable', x.is_grantable
        ))
        from aclexplode(d.defaclacl) x
        where x.grantee <> d.defaclrole
      ), '[]'::json)
    ))
    from pg_default_acl d
    left join pg_namespace dn on dn.oid = d.defaclnamespace
    where d.defaclnamespace = 0 or d.defaclnamespace in (select oid from namespaces)
  ), '[]'::json),
  'quotedKeywords', coalesce((select json_agg(k.word) from pg_get_keywords() k where k.catcode <> 'U'), '[]'::json)
)::text as texts`;
}
