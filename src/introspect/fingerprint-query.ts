/**
 * The catalog facts of the fingerprint: one row per (object, property, value)
 * for everything in the given schemas. Objects are named, never numbered
 * (no oids, no attnums: a column's position counts live columns only), and
 * definitions come from the catalog's pg_get_*def functions, which print
 * identically whatever order the objects were created in.
 *
 * Left out on purpose: owners (they vary between environments), the owner's
 * implied privileges, identity sequence names (they follow the table's name
 * at creation and do not follow a rename), PostgreSQL 18's NOT NULL
 * constraints (the columns' nullability says the same, and their names do not
 * follow a rename either), and extension members (they belong to the extension).
 * Default privileges (pg_default_acl) are in: they decide what the next
 * migration's objects grant.
 *
 * schemasLiteral is an escaped SQL array literal, e.g. ARRAY['app_public']::text[].
 */
export function fingerprintQuery(schemasLiteral: string): string {
  return `
with
  ns as (
    select n.oid, n.nspname, n.nspowner, n.nspacl
    from pg_namespace n
    where n.nspname = any (${schemasLiteral})
  ),
  members as (
    select d.classid, d.objid from pg_depend d where d.deptype = 'e'
  ),
  identity_sequences as (
    select d.objid as seqid, d.refobjid as relid, d.refobjsubid as attnum
    from pg_depend d
    where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype = 'i'
  ),
  rels as (
    select c.oid, c.relkind, c.relowner, c.relacl, c.relrowsecurity, c.relforcerowsecurity,
      c.relpersistence, c.reloptions, c.relispartition, k.kind,
      k.word || ' ' || format('%I.%I', n.nspname, c.relname) as object
    from pg_class c
    join ns n on n.oid = c.relnamespace
    -- word names the object; kind tells apart what shares a word (a partitioned table is a table).
    join (values
      ('r', 'table', 'table'), ('p', 'table', 'partitioned table'), ('v', 'view', 'view'),
      ('m', 'materialized view', 'materialized view'), ('f', 'foreign table', 'foreign table'),
      ('c', 'type', 'composite type'), ('S', 'sequence', 'sequence')
    ) as k (relkind, word, kind) on k.relkind = c.relkind::text
    where not exists (select 1 from members m where m.classid = 'pg_class'::regclass and m.objid = c.oid)
      and c.oid not in (select seqid from identity_sequences)
  ),
  procs as (
    select p.oid, p.prokind, p.proowner, p.proacl,
      'function ' || format('%I.%I', n.nspname, p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')' as object
    from pg_proc p
    join ns n on n.oid = p.pronamespace
    where not exists (select 1 from members m where m.classid = 'pg_proc'::regclass and m.objid = p.oid)
  ),
  types as (
    select t.oid, t.typtype, t.typowner, t.typacl, t.typbasetype, t.typtypmod, t.typnotnull, t.typdefault,
      'type ' || format('%I.%I', n.nspname, t.typname) as object
    from pg_type t
    join ns n on n.oid = t.typnamespace
    where t.typtype in ('e', 'd', 'r')
      and not exists (select 1 from members m where m.classid = 'pg_type'::regclass and m.objid = t.oid)
  ),
  cols as (
    select r.object || ' column ' || quote_ident(a.attname) as object, a.*, r.relowner,
      row_number() over (partition by a.attrelid order by a.attnum) as position
    from rels r
    join pg_attribute a on a.attrelid = r.oid
    -- A sequence's columns (last_value, …) are its state, not its shape.
    where a.attnum > 0 and not a.attisdropped and r.relkind <> 'S'
  ),
  -- ALTER DEFAULT PRIVILEGES entries for every schema and for the listed ones.
  -- The role that owns the listed schemas (the one that runs the migrations) reads
  -- "owner", as its name varies between environments like every owner's.
  default_acls as (
    select d.defaclrole, d.defaclacl,
      'default privileges for '
      || case when d.defaclrole in (select nspowner from ns) then 'owner' else quote_ident(pg_get_userbyid(d.defaclrole)) end
      || coalesce(' in schema ' || quote_ident(dn.nspname), '')
      || ' on ' || case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions'
        when 'T' then 'types' when 'n' then 'schemas' else 'large objects' end as object
    from pg_default_acl d
    left join pg_namespace dn on dn.oid = d.defaclnamespace
    where d.defaclnamespace = 0 or d.defaclnamespace in (select oid from ns)
  ),
  acls as (
    select 'schema ' || quote_ident(n.nspname) as object, n.nspowner as owner, coalesce(n.nspacl, acldefault('n', n.nspowner)) as acl from ns n
    union all
    select r.object, r.relowner, coalesce(r.relacl, acldefault((case when r.relkind = 'S' then 's' else 'r' end)::"char", r.relowner))
    from rels r where r.relkind <> 'c'
    union all
    select c.object, c.relowner, c.attacl from cols c where c.attacl is not null
    union all
    select p.object, p.proowner, coalesce(p.proacl, acldefault('f', p.proowner)) from procs p
    union all
    select t.object, t.typowner, coalesce(t.typacl, acldefault('T', t.typowner)) from types t
  ),
  facts (object, property, value) as (
    -- schemas
    select 'schema ' || quote_ident(n.nspname), 'kind', 'schema' from ns n
    union all
    select 'schema ' || quote_ident(n.nspname), 'comment', obj_description(n.oid, 'pg_namespace') from ns n
    union all
    select 'extension ' || quote_ident(e.extname), 'schema', n.nspname
    from pg_extension e join ns n on n.oid = e.extnamespace

    -- relations (identity sequences are left out of rels: their column describes them)
    union all
    select r.object, 'kind', r.kind from rels r
    union all
    select r.object, 'comment', obj_description(r.oid, 'pg_class') from rels r
    union all
    select r.object, 'row level security', case when r.relforcerowsecurity then 'enabled, forced' else 'enabled' end
    from rels r where r.relrowsecurity
    union all
    select r.object, 'unlogged', 'true' from rels r where r.relpersistence = 'u'
    union all
    select r.object, 'options', array_to_string(r.reloptions, ', ') from rels r where r.reloptions is not null
    union all
    select r.object, 'partition key', pg_get_partkeydef(r.oid) from rels r where r.relkind = 'p'
    union all
    select r.object, 'partition of', format('%s %s', i.inhparent::regclass, pg_get_expr(c.relpartbound, c.oid))
    from rels r join pg_class c on c.oid = r.oid join pg_inherits i on i.inhrelid = r.oid where r.relispartition
    union all
    select r.object, 'inherits', string_agg(i.inhparent::regclass::text, ', ' order by i.inhseqno)
    from rels r join pg_inherits i on i.inhrelid = r.oid where not r.relispartition group by r.object
    union all
    select r.object, 'definition', pg_get_viewdef(r.oid) from rels r where r.relkind in ('v', 'm')
    union all
    select r.object, 'sequence', format('%s start %s increment %s min %s max %s cache %s%s',
      format_type(s.seqtypid, null), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
      case when s.seqcycle then ' cycle' else '' end)
    from rels r join pg_sequence s on s.seqrelid = r.oid
    union all
    select r.object, 'owned by', format('%s.%I', d.refobjid::regclass, a.attname)
    from rels r
    join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = r.oid and d.deptype = 'a'
      and d.refclassid = 'pg_class'::regclass and d.refobjsubid > 0
    join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
    where r.relkind = 'S'

    -- columns
    union all
    select c.object, 'position', c.position::text from cols c
    union all
    select c.object, 'type', format_type(c.atttypid, c.atttypmod) from cols c
    union all
    select c.object, 'not null', c.attnotnull::text from cols c
    union all
    select c.object, case when c.attgenerated = '' then 'default' else 'generated ' || case c.attgenerated when 's' then 'stored' else 'virtual' end end,
      pg_get_expr(d.adbin, d.adrelid)
    from cols c join pg_attrdef d on d.adrelid = c.attrelid and d.adnum = c.attnum
    union all
    select c.object, 'identity', case c.attidentity when 'a' then 'always' else 'by default' end from cols c where c.attidentity <> ''
    union all
    select c.object, 'identity sequence', format('%s start %s increment %s min %s max %s cache %s%s',
      format_type(s.seqtypid, null), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
      case when s.seqcycle then ' cycle' else '' end)
    from cols c
    join identity_sequences i on i.relid = c.attrelid and i.attnum = c.attnum
    join pg_sequence s on s.seqrelid = i.seqid
    union all
    select c.object, 'collation', format('%I.%I', cn.nspname, co.collname)
    from cols c
    join pg_type t on t.oid = c.atttypid
    join pg_collation co on co.oid = c.attcollation
    join pg_namespace cn on cn.oid = co.collnamespace
    where c.attcollation <> t.typcollation
    union all
    select c.object, 'comment', col_description(c.attrelid, c.attnum) from cols c

    -- constraints of tables and domains
    union all
    select coalesce(r.object, t.object) || ' constraint ' || quote_ident(k.conname), 'definition', pg_get_constraintdef(k.oid)
    from pg_constraint k
    left join rels r on r.oid = k.conrelid
    left join types t on t.oid = k.contypid
    where (r.oid is not null or t.oid is not null) and k.contype <> 'n'
    union all
    select coalesce(r.object, t.object) || ' constraint ' || quote_ident(k.conname), 'comment', obj_description(k.oid, 'pg_constraint')
    from pg_constraint k
    left join rels r on r.oid = k.conrelid
    left join types t on t.oid = k.contypid
    where (r.oid is not null or t.oid is not null) and k.contype <> 'n'

    -- indexes, under their table
    union all
    select r.object || ' index ' || quote_ident(ic.relname), 'definition', pg_get_indexdef(i.indexrelid)
    from rels r join pg_index i on i.indrelid = r.oid join pg_class ic on ic.oid = i.indexrelid
    union all
    select r.object || ' index ' || quote_ident(ic.relname), 'comment', obj_description(i.indexrelid, 'pg_class')
    from rels r join pg_index i on i.indrelid = r.oid join pg_class ic on ic.oid = i.indexrelid

    -- triggers
    union all
    select r.object || ' trigger ' || quote_ident(t.tgname), 'definition', pg_get_triggerdef(t.oid)
    from rels r join pg_trigger t on t.tgrelid = r.oid where not t.tgisinternal
    union all
    select r.object || ' trigger ' || quote_ident(t.tgname), 'enabled', t.tgenabled::text
    from rels r join pg_trigger t on t.tgrelid = r.oid where not t.tgisinternal and t.tgenabled <> 'O'
    union all
    select r.object || ' trigger ' || quote_ident(t.tgname), 'comment', obj_description(t.oid, 'pg_trigger')
    from rels r join pg_trigger t on t.tgrelid = r.oid where not t.tgisinternal

    -- rules other than a view's own
    union all
    select r.object || ' rule ' || quote_ident(w.rulename), 'definition', pg_get_ruledef(w.oid)
    from rels r join pg_rewrite w on w.ev_class = r.oid where w.rulename <> '_RETURN'

    -- policies
    union all
    select r.object || ' policy ' || quote_ident(p.polname), 'command',
      case p.polcmd when '*' then 'ALL' when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE' else 'DELETE' end
      || case when p.polpermissive then '' else ' (restrictive)' end
    from rels r join pg_policy p on p.polrelid = r.oid
    union all
    select r.object || ' policy ' || quote_ident(p.polname), 'roles',
      (select string_agg(g.name, ', ' order by g.name collate "C")
       from unnest(p.polroles) x, lateral (select case when x = 0 then 'PUBLIC' else quote_ident(pg_get_userbyid(x)) end as name) g)
    from rels r join pg_policy p on p.polrelid = r.oid
    union all
    select r.object || ' policy ' || quote_ident(p.polname), 'using', pg_get_expr(p.polqual, p.polrelid)
    from rels r join pg_policy p on p.polrelid = r.oid
    union all
    select r.object || ' policy ' || quote_ident(p.polname), 'with check', pg_get_expr(p.polwithcheck, p.polrelid)
    from rels r join pg_policy p on p.polrelid = r.oid
    union all
    select r.object || ' policy ' || quote_ident(p.polname), 'comment', obj_description(p.oid, 'pg_policy')
    from rels r join pg_policy p on p.polrelid = r.oid

    -- functions and procedures
    union all
    select p.object, 'kind', case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' when 'w' then 'window function' else 'function' end
    from procs p
    union all
    -- pg_get_functiondef refuses aggregates.
    select p.object, 'definition', pg_get_functiondef(p.oid) from procs p where p.prokind <> 'a'
    union all
    select p.object, 'comment', obj_description(p.oid, 'pg_proc') from procs p

    -- enums, domains and ranges
    union all
    select t.object, 'kind', case t.typtype when 'e' then 'enum' when 'd' then 'domain' else 'range' end from types t
    union all
    select t.object, 'labels', (select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid)
    from types t where t.typtype = 'e'
    union all
    select t.object, 'base type', format_type(t.typbasetype, t.typtypmod) from types t where t.typtype = 'd'
    union all
    select t.object, 'not null', 'true' from types t where t.typtype = 'd' and t.typnotnull
    union all
    select t.object, 'default', t.typdefault from types t where t.typtype = 'd'
    union all
    select t.object, 'subtype', format_type(g.rngsubtype, null) from types t join pg_range g on g.rngtypid = t.oid
    union all
    select t.object, 'comment', obj_description(t.oid, 'pg_type') from types t

    -- default privileges: the entry, then one line per grantee, its own role included
    -- (an entry that only revokes from PUBLIC lists nothing else)
    union all
    select a.object, 'kind', 'default privileges' from default_acls a
    union all
    select a.object,
      'grant ' || case when x.grantee = 0 then 'PUBLIC' when x.grantee = a.defaclrole then 'owner' else quote_ident(pg_get_userbyid(x.grantee)) end,
      string_agg(distinct g.privilege collate "C", ', ' order by g.privilege collate "C")
    from default_acls a, aclexplode(a.defaclacl) x,
      lateral (select x.privilege_type || case when x.is_grantable then ' WITH GRANT OPTION' else '' end as privilege) g
    group by a.object, x.grantee, a.defaclrole

    -- privileges, one line per grantee; the owner's implied ones are left out
    union all
    select a.object,
      'grant ' || case when x.grantee = 0 then 'PUBLIC' else quote_ident(pg_get_userbyid(x.grantee)) end,
      string_agg(distinct g.privilege collate "C", ', ' order by g.privilege collate "C")
    from acls a, aclexplode(a.acl) x,
      lateral (select x.privilege_type || case when x.is_grantable then ' WITH GRANT OPTION' else '' end as privilege) g
    where x.grantee <> a.owner
    group by a.object, x.grantee
  )
select object, property, value
from facts
where value is not null`;
}
