import { catalogRule } from '../rule.ts';

interface Row {
  object: string;
  table: string;
  constraint: string;
  columns: string;
}

/**
 * Deleting or updating a referenced row looks up the referencing rows, and
 * without an index that is a scan of the whole table. An index counts when its
 * leading key columns are the foreign key's, in any order; a partial or invalid
 * one does not (it does not cover every row).
 */
export const unindexedForeignKey = catalogRule<Row>({
  name: 'unindexed-foreign-key',
  query: `
    select format('%I.%I', n.nspname, c.relname) || case when cardinality(k.conkey) = 1 then '.' || k.columns else '' end as object,
           format('%I.%I', n.nspname, c.relname) as table, quote_ident(k.conname) as constraint, k.columns
    from pg_catalog.pg_constraint con
    join pg_catalog.pg_class c on c.oid = con.conrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    cross join lateral (
      select con.conname, con.conkey,
             (select string_agg(quote_ident(a.attname), ', ' order by key.position)
                from unnest(con.conkey) with ordinality as key(attnum, position)
                join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = key.attnum) as columns
    ) as k
    where n.nspname = any($1) and con.contype = 'f'
      and not exists (
        select from pg_catalog.pg_index i
        cross join lateral (select (string_to_array(i.indkey::text, ' ')::int2[])[1:i.indnkeyatts] as keys) as ix
        where i.indrelid = con.conrelid and i.indisvalid and i.indpred is null
          and (select array_agg(a order by a) from unnest(ix.keys[1:cardinality(con.conkey)]) as a)
            = (select array_agg(a order by a) from unnest(con.conkey) as a))`,
  findings: (rows) =>
    rows.map(({ object, table, constraint, columns }) => ({
      object,
      message: `foreign key ${constraint} has no index that starts with (${columns}), so each delete or key change in the table it references scans this one; run \`create index on ${table} (${columns})\``,
    })),
});
