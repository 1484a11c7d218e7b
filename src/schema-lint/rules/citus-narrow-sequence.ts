import { citusRule, plannedTables } from '../citus-catalog.ts';
import { distributed, type CitusPlan } from '../citus-plan.ts';
import type { RuleFinding, SchemaRule } from '../rule.ts';

interface Row {
  name: string;
  object: string;
  column: string;
  columnType: string;
  sequence: string;
  sequenceType: string;
}

const WIDE = 'bigint';

/**
 * A distributed table's sequences are bigint, and so are the columns they
 * fill: Citus hands each node its own range of a sequence, carved out of the
 * bigint space, and refuses nextval() on a worker for a smallint or integer
 * column. Found through pg_depend: serial and identity columns own their
 * sequence, and any other default that calls nextval() depends on one.
 */
export function citusNarrowSequence(plan: CitusPlan): SchemaRule {
  return citusRule<Row>(plan, {
    name: 'citus-narrow-sequence',
    query: `
      with t as (${plannedTables}),
      uses as (
        select d.refobjid as table_oid, d.refobjsubid as attnum, d.objid as sequence_oid
        from pg_catalog.pg_depend d
        where d.classid = 'pg_catalog.pg_class'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
          and d.deptype in ('a', 'i') and d.refobjsubid > 0
        union
        select ad.adrelid, ad.adnum, d.refobjid
        from pg_catalog.pg_attrdef ad
        join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_attrdef'::regclass and d.objid = ad.oid
          and d.refclassid = 'pg_catalog.pg_class'::regclass
      )
      select distinct t.name, t.object, a.attname::text as column, pg_catalog.format_type(a.atttypid, a.atttypmod) as "columnType",
             format('%I.%I', sn.nspname, s.relname) as sequence, pg_catalog.format_type(q.seqtypid, null) as "sequenceType"
      from uses u
      join t on t.oid = u.table_oid
      join pg_catalog.pg_attribute a on a.attrelid = u.table_oid and a.attnum = u.attnum
      join pg_catalog.pg_class s on s.oid = u.sequence_oid and s.relkind = 'S'
      join pg_catalog.pg_namespace sn on sn.oid = s.relnamespace
      join pg_catalog.pg_sequence q on q.seqrelid = s.oid`,
    findings: (rows) => rows.flatMap((row): RuleFinding[] => {
      const narrowColumn = row.columnType === 'smallint' || row.columnType === 'integer';
      if (!distributed(plan, row.name) || (row.sequenceType === WIDE && !narrowColumn)) return [];
      return [{
        object: `${row.object}.${row.column}`,
        message: `is filled from sequence ${row.sequence} (${row.sequenceType})${narrowColumn ? ` and is ${row.columnType} itself` : ''}; Citus gives each node a range of a bigint sequence, so make both bigint (\`alter table ${row.object} alter column ${row.column} type bigint\`, \`alter sequence ${row.sequence} as bigint\`)`,
      }];
    }),
  });
}
