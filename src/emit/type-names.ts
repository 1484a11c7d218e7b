import type { ColumnModel } from '../model/schema-model.ts';

/**
 * Short column type names for diagrams and docs: format_type() spells types
 * the SQL-standard way ("timestamp with time zone"), which is too wide for a
 * diagram cell; these are the names the SQL conventions use (timestamptz).
 */
const SHORT_NAMES: readonly [RegExp, string][] = [
  [/^timestamp(\(\d+\))? with time zone$/, 'timestamptz$1'],
  [/^timestamp(\(\d+\))? without time zone$/, 'timestamp$1'],
  [/^time(\(\d+\))? with time zone$/, 'timetz$1'],
  [/^time(\(\d+\))? without time zone$/, 'time$1'],
  [/^character varying(\(\d+\))?$/, 'varchar$1'],
  [/^character(\(\d+\))?$/, 'char$1'],
  [/^bit varying(\(\d+\))?$/, 'varbit$1'],
  [/^double precision$/, 'float8'],
];

/** e.g. "timestamp with time zone" → "timestamptz", "character varying(20)[]" → "varchar(20)[]", "numeric(10,2)" unchanged. */
export function shortType(column: Pick<ColumnModel, 'type'>): string {
  const [, base = column.type, dimensions = ''] = /^(.*?)((?:\[\])*)$/.exec(column.type) ?? [];
  for (const [pattern, replacement] of SHORT_NAMES) {
    if (pattern.test(base)) return base.replace(pattern, replacement) + dimensions;
  }
  return base + dimensions;
}
