/**
 * What PostGraphile's introspection does not carry: the catalog's own
 * renderings of definitions (pg_get_*def, pg_get_expr, format_type), triggers,
 * rules, trigger functions (pg-introspection skips procs returning `trigger`),
 * policy expressions, privileges spelled as SQL keywords, sequence parameters,
 * identity sequences, and the server's own keyword list. One statement, for
 * the model's schema and the fingerprint's schemas at once, keyed by oid (and
 * attnum) so introspect.ts and fingerprint.ts join it onto the same
 * pg-introspection entities.
 */

/** A sequence's parameters; numbers as text (int8 does not fit a JSON number). */
export interface SequenceTexts {
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
}

export interface CatalogTexts {
  columns: {
    relid: string;
    attnum: number;
    type: string;
    default: string | null;
    /** The column's collation where it is not its type's. */
    collation: { schema: string; name: string } | null;
    identitySequence: SequenceTexts | null;
  }[];
  constraints: { id: string; definition: string }[];
  indexes: { id: string; definition: string; keys: string[] }[];
  /** enabled is tgenabled: O (origin and local), D (disabled), R (replica), A (always). */
  triggers: { relid: string; name: string; definition: string; function: string; enabled: string; comment: string | null }[];
  /** inModel: in the model (functions of its schemas, no aggregates); inFingerprint: in a fingerprint schema. */
  functions: {
    id: string;
    schema: string;
    name: string;
    kind: string;
    arguments: string;
    /** null for aggregates, which have no CREATE FUNCTION text. */
    definition: string | null;
    comment: string | null;
    inModel: boolean;
    inFingerprint: boolean;
  }[];
  /**
   * The fingerprint's relations (identity sequences and extension members left
   * out), with what pg-introspection cannot render.
   */
  relations: {
    id: string;
    viewDefinition: string | null;
    partitionKey: string | null;
    partitionBound: string | null;
    sequence: SequenceTexts | null;
  }[];
  /** The rules of those relations other than a view's own _RETURN. */
  rules: { relid: string; name: string; definition: string }[];
  /** The fingerprint's enums, domains and ranges (extension members left out), with their format_type renderings. */
  types: { id: string; baseType: string | null; subtype: string | null }[];
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
  /** Privileges of roles other than the owner; attnum 0 for the object itself. kind: 'class' | 'proc' | 'namespace' | 'type'. */
  grants: { kind: string; id: string; attnum: number; grantee: string; privilege: string; grantable: boolean }[];
  /** The schemas the model's objects live in: the introspected one and those of its functions. */
  namespaces: string[];
  /**
   * pg_default_acl entries for every schema (schema null), for those
   * namespaces and for the fingerprint's schemas, every grantee's privileges
   * (the role's own included; granteeId '0' is PUBLIC). objects is defaclobjtype.
   */
  defaultPrivileges: {
    roleId: string;
    role: string;
    schema: string | null;
    objects: string;
    grants: { granteeId: string; grantee: string; privilege: string; grantable: boolean }[];
  }[];
  /** The server's keywords that quote_ident quotes: pg_get_keywords() where catcode is not 'U' (unreserved); unsorted. */
  quotedKeywords: string[];
}

/**
 * The catalog-texts statement: the model's schema (schemaLiteral, an escaped
 * SQL literal) and the fingerprint's schemas (schemasLiteral, an escaped SQL
 * array literal such as ARRAY['app_public']::text[]).
 */
export function catalogTextsQuery(schemaLiteral: string, schemasLiteral: string): string {
  return `
with
  members as (
    select d.classid, d.objid from pg_depend d where d.deptype = 'e'
  ),
  tables as (
    select c.oid
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schemaLiteral} and c.relkind in ('r', 'p')
  ),
  fingerprint_namespaces as (
    select n.oid, n.nspowner from pg_namespace n where n.nspname = any (${schemasLiteral})
  ),
  identity_sequences as (
    select d.objid as seqid, d.refobjid as relid, d.refobjsubid as attnum
    from pg_depend d
    where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype = 'i'
  ),
  -- The fingerprint's relations: its identity sequences are described by their column, extension members by their extension.
  relations as (
    select c.oid, c.relkind
    from pg_class c
    where c.relnamespace in (select oid from fingerprint_namespaces)
      and c.relkind in ('r', 'p', 'v', 'm', 'f', 'c', 'S')
      and not exists (select 1 from members m where m.classid = 'pg_class'::regclass and m.objid = c.oid)
      and c.oid not in (select seqid from identity_sequences)
  ),
  -- Every relation something below is rendered for.
  rendered as (
    select oid from tables union select oid from relations
  ),
  fingerprint_types as (
    select t.oid, t.typowner, t.typacl
    from pg_type t
    where t.typnamespace in (select oid from fingerprint_namespaces)
      and t.typtype in ('e', 'd', 'r')
      and not exists (select 1 from members m where m.classid = 'pg_type'::regclass and m.objid = t.oid)
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
    join pg_namespace n on n.oid = p.pronamespace
    where p.pronamespace in (select d.pronamespace from pg_proc d where d.oid in (select oid from direct_procs))
      and n.nspname not in ('pg_catalog', 'information_schema')
      -- Aggregates have no CREATE FUNCTION text (pg_get_functiondef refuses them); the model leaves them out.
      and p.prokind <> 'a'
  ),
  procs as (
    select p.oid, p.proname, p.pronamespace, p.proowner, p.proacl, p.prokind,
      p.oid in (select oid from used_procs) as in_model,
      p.pronamespace in (select oid from fingerprint_namespaces) as in_fingerprint
    from pg_proc p
    where (p.oid in (select oid from used_procs) or p.pronamespace in (select oid from fingerprint_namespaces))
      -- Extension members come with their extension, not from this schema's DDL.
      and not exists (select 1 from members m where m.classid = 'pg_proc'::regclass and m.objid = p.oid)
  ),
  namespaces as (
    select n.oid, n.nspname, n.nspowner, n.nspacl
    from pg_namespace n
    where n.nspname = ${schemaLiteral} or n.oid in (select pronamespace from procs where in_model)
  ),
  acls as (
    select 'class' as kind, c.oid, 0 as attnum, c.relowner as owner,
      coalesce(c.relacl, acldefault((case when c.relkind = 'S' then 's' else 'r' end)::"char", c.relowner)) as acl
    from pg_class c where c.oid in (select oid from rendered) and c.relkind <> 'c'
    union all
    select 'class', a.attrelid, a.attnum, c.relowner, a.attacl
    from pg_attribute a join pg_class c on c.oid = a.attrelid
    where a.attrelid in (select oid from rendered) and c.relkind <> 'S' and a.attnum > 0 and not a.attisdropped and a.attacl is not null
    union all
    select 'proc', p.oid, 0, p.proowner, coalesce(p.proacl, acldefault('f', p.proowner)) from procs p
    union all
    select 'type', t.oid, 0, t.typowner, coalesce(t.typacl, acldefault('T', t.typowner)) from fingerprint_types t
    union all
    select 'namespace', n.oid, 0, n.nspowner, coalesce(n.nspacl, acldefault('n', n.nspowner))
    from pg_namespace n where n.oid in (select oid from namespaces union select oid from fingerprint_namespaces)
  ),
  grants as (
    -- distinct: the same privilege granted by two grantors is one privilege here.
    select distinct a.kind, a.oid, a.attnum, x.grantee, x.privilege_type, x.is_grantable
    from acls a, aclexplode(a.acl) x
    -- The owner's own privileges are implied by ownership; listing them would tie the model to a role name.
    where x.grantee <> a.owner
  )
select json_build_object(
  ${list('columns', 'a.attrelid, a.attnum', `
      'relid', a.attrelid::text,
      'attnum', a.attnum,
      'type', format_type(a.atttypid, a.atttypmod),
      'default', pg_get_expr(d.adbin, d.adrelid),
      'collation', (
        select json_build_object('schema', cn.nspname, 'name', co.collname)
        from pg_type t, pg_collation co, pg_namespace cn
        where t.oid = a.atttypid and co.oid = a.attcollation and cn.oid = co.collnamespace and a.attcollation <> t.typcollation
      ),
      'identitySequence', (
        select ${sequenceTexts('s')} from identity_sequences i join pg_sequence s on s.seqrelid = i.seqid
        where i.relid = a.attrelid and i.attnum = a.attnum
      )`, `
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    -- A sequence's columns (last_value, …) are its state, not its shape.
    where a.attrelid in (select oid from rendered) and c.relkind <> 'S' and a.attnum > 0 and not a.attisdropped`)},
  ${list('constraints', 'c.oid', `'id', c.oid::text, 'definition', pg_get_constraintdef(c.oid)`, `
    from pg_constraint c
    where (c.conrelid in (select oid from rendered) or c.contypid in (select oid from fingerprint_types)) and c.contype <> 'n'`)},
  ${list('indexes', 'i.indexrelid', `
      'id', i.indexrelid::text,
      'definition', pg_get_indexdef(i.indexrelid),
      'keys', (select json_agg(pg_get_indexdef(i.indexrelid, k, true) order by k) from generate_series(1, i.indnkeyatts) k)`, `
    from pg_index i
    where i.indrelid in (select oid from rendered)`)},
  ${list('triggers', 't.tgrelid, t.tgname', `
      'relid', t.tgrelid::text,
      'name', t.tgname,
      'definition', pg_get_triggerdef(t.oid),
      'function', fn.nspname || '.' || p.proname,
      'enabled', t.tgenabled,
      'comment', obj_description(t.oid, 'pg_trigger')`, `
    from pg_trigger t
    join pg_proc p on p.oid = t.tgfoid
    join pg_namespace fn on fn.oid = p.pronamespace
    where t.tgrelid in (select oid from rendered) and not t.tgisinternal`)},
  ${list('functions', 'n.nspname, p.proname, p.oid', `
      'id', p.oid::text,
      'schema', n.nspname,
      'name', p.proname,
      'kind', p.prokind,
      'arguments', pg_get_function_identity_arguments(p.oid),
      'definition', case when p.prokind <> 'a' then pg_get_functiondef(p.oid) end,
      'comment', obj_description(p.oid, 'pg_proc'),
      'inModel', p.in_model,
      'inFingerprint', p.in_fingerprint`, `
    from procs p
    join pg_namespace n on n.oid = p.pronamespace`)},
  ${list('relations', 'c.oid', `
      'id', c.oid::text,
      'viewDefinition', case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end,
      'partitionKey', case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end,
      'partitionBound', case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end,
      'sequence', (select ${sequenceTexts('s')} from pg_sequence s where s.seqrelid = c.oid)`, `
    from pg_class c
    where c.oid in (select oid from relations)`)},
  ${list('rules', 'w.oid', `'relid', w.ev_class::text, 'name', w.rulename, 'definition', pg_get_ruledef(w.oid)`, `
    from pg_rewrite w
    where w.ev_class in (select oid from relations) and w.rulename <> '_RETURN'`)},
  ${list('types', 't.oid', `
      'id', t.oid::text,
      'baseType', case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end,
      'subtype', (select format_type(g.rngsubtype, null) from pg_range g where g.rngtypid = t.oid)`, `
    from pg_type t
    where t.oid in (select oid from fingerprint_types)`)},
  ${list('policies', 'p.polrelid, p.polname', `
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
      'comment', obj_description(p.oid, 'pg_policy')`, `
    from pg_policy p
    where p.polrelid in (select oid from rendered)`)},
  ${list('grants', null, `
      'kind', g.kind,
      'id', g.oid::text,
      'attnum', g.attnum,
      'grantee', ${granteeName('g.grantee')},
      'privilege', g.privilege_type,
      'grantable', g.is_grantable`, `
    from grants g`)},
  'namespaces', coalesce((select json_agg(n.nspname order by n.nspname) from namespaces n), '[]'::json),
  ${list('defaultPrivileges', null, `
      'roleId', d.defaclrole::text,
      'role', pg_get_userbyid(d.defaclrole),
      'schema', dn.nspname,
      'objects', d.defaclobjtype,
      'grants', coalesce((
        select json_agg(json_build_object('granteeId', x.grantee::text, 'grantee', ${granteeName('x.grantee')}, 'privilege', x.privilege_type, 'grantable', x.is_grantable))
        from aclexplode(d.defaclacl) x
      ), '[]'::json)`, `
    from pg_default_acl d
    left join pg_namespace dn on dn.oid = d.defaclnamespace
    where d.defaclnamespace = 0 or d.defaclnamespace in (select oid from namespaces union select oid from fingerprint_namespaces)`)},
  'quotedKeywords', coalesce((select json_agg(k.word) from pg_get_keywords() k where k.catcode <> 'U'), '[]'::json)
)::text as texts`;
}

/** key: a JSON array (empty, never null) of one json_build_object(fields) per row of rows, in orderBy's order when given. */
function list(key: string, orderBy: string | null, fields: string, rows: string): string {
  return `'${key}', coalesce((
    select json_agg(json_build_object(${fields}
    )${orderBy ? ` order by ${orderBy}` : ''})${rows}
  ), '[]'::json)`;
}

/** A SequenceTexts object from the pg_sequence row called alias. */
function sequenceTexts(alias: string): string {
  return `json_build_object('type', format_type(${alias}.seqtypid, null), 'start', ${alias}.seqstart::text, 'increment', ${alias}.seqincrement::text,
    'min', ${alias}.seqmin::text, 'max', ${alias}.seqmax::text, 'cache', ${alias}.seqcache::text, 'cycle', ${alias}.seqcycle)`;
}

/** A role's name from its oid in an ACL item, PUBLIC for 0. */
function granteeName(oid: string): string {
  return `case when ${oid} = 0 then 'PUBLIC' else pg_get_userbyid(${oid}) end`;
}
