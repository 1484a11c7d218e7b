import { citusRule, plannedTables } from '../citus-catalog.ts';
import { distributed, type CitusPlan } from '../citus-plan.ts';
import type { RuleFinding, SchemaRule } from '../rule.ts';

interface Row {
  name: string;
  object: string;
  /** The index's name, or its constraint's when it backs one. */
  key: string;
  /** 'primary key', 'unique constraint' or 'unique index'. */
  kind: string;
  /** The key columns (not the INCLUDE ones), raw; an expression has none. */
  columns: string[];
  /** Each key position as SQL writes it: a quoted column name or an expression. */
  keys: string[];
}

/**
 * Every primary key, unique constraint and unique index of a distributed
 * table includes the distribution column: each shard checks uniqueness only
 * among its own rows, so Citus refuses any other unique key.
 */
export function citusUniqueKey(plan: CitusPlan): SchemaRule {
  return citusRule<Row>(plan, {
    name: 'citus-unique-key',
    query: `
      with t as (${plannedTables})
      select t.name, t.object, coalesce(con.conname, i.relname)::text as key,
             case con.contype when 'p' then 'primary key' when 'u' then 'unique constraint' else 'unique index' end as kind,
             array(select a.attname::text from generate_series(0, x.indnkeyatts - 1) as k
                   join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[k] order by k) as columns,
             array(select pg_catalog.pg_get_indexdef(x.indexrelid, k, true) from generate_series(1, x.indnkeyatts) as k order by k) as keys
      from t
      join pg_catalog.pg_index x on x.indrelid = t.oid and x.indisunique
      join pg_catalog.pg_class i on i.oid = x.indexrelid
      left join pg_catalog.pg_constraint con on con.conindid = x.indexrelid and con.conrelid = t.oid and con.contype in ('p', 'u')`,
    findings: (rows) => rows.flatMap((row): RuleFinding[] => {
      const placement = distributed(plan, row.name);
      if (!placement || row.columns.includes(placement.column)) return [];
      const column = placement.column;
      const keys = row.keys.join(', ');
      const fix =
        row.kind === 'primary key'
          ? `make it (${column}, ${keys})`
          : `add ${column} to it if (${keys}) need only be unique within one ${column}, or else keep (${keys}) unique in a reference table that the backend writes with each row`;
      return [{ object: row.object, message: `${row.kind} ${row.key} (${keys}) does not include the distribution column ${column}; ${fix}` }];
    }),
  });
}
