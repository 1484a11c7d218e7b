import { splitComment } from '../../introspect/smart-tags.ts';
import { catalogRule, notInExtension, type RuleFinding } from '../rule.ts';

interface Row {
  object: string;
  /** 'table', 'view', … or 'column'. */
  kind: string;
  /** What COMMENT ON names: `table app_public.users`, `column app_public.users.email`. */
  target: string;
  comment: string | null;
}

/**
 * Comments become the GraphQL descriptions, the JSDoc in db.ts and the docs.
 * A comment counts as PostGraphile reads it: one of smart tags only (say
 * `@behavior -*`) has no description and is missing too.
 */
export const missingComment = catalogRule<Row>({
  name: 'missing-comment',
  query: `
    with relations as (
      select c.oid, format('%I.%I', n.nspname, c.relname) as object,
             case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end as kind
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm', 'f') and ${notInExtension('c.oid')}
    )
    select object, kind, kind || ' ' || object as target, pg_catalog.obj_description(oid, 'pg_class') as comment
    from relations
    union all
    select r.object || '.' || quote_ident(a.attname), 'column', 'column ' || r.object || '.' || quote_ident(a.attname),
           pg_catalog.col_description(r.oid, a.attnum)
    from relations r
    join pg_catalog.pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped`,
  findings: (rows) => rows.filter((row) => splitComment(row.comment).comment === '').map(finding),
});

function finding({ object, kind, target, comment }: Row): RuleFinding {
  const problem = comment?.trim() ? `this ${kind}'s comment holds smart tags only` : `this ${kind} has no comment`;
  return {
    object,
    message: `${problem}; add a description (\`comment on ${target} is '…'\`): it becomes the GraphQL description, the JSDoc and the docs`,
  };
}
