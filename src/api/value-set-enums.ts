// Names PostGraphile's global GraphileConfig namespace; a consumer's tsc finds it through this.
/// <reference types="postgraphile" preserve="true" />
import { enumCodec, type PgEnumCodec } from 'postgraphile/@dataplan/pg';
import { gatherConfig } from 'postgraphile/graphile-build';

/**
 * A PostGraphile gather plugin that turns each CHECK value set it is given
 * (`col in ('A', 'B')`) into a GraphQL enum named like db.ts's union
 * (`UserSubscriptionTier`), in outputs, inputs, conditions and orderBy alike.
 * Only the API's types change: the column stays text and its named CHECK
 * keeps rejecting other values, so a client that bypasses GraphQL meets the
 * same rule.
 *
 * The value sets come as a list (ValueSetColumn), not from the database:
 * the exported preset carries the generated list (src/api/value-sets.ts),
 * generation passes the one of the model it generates from. So this module
 * needs nothing but PostGraphile, and a backend that mounts the preset gets
 * the same enums without the introspection or the SQL parser.
 *
 * PostGraphile drops orderBy for enum columns; these columns had it as text,
 * and the API keeps it (ordering stays the text order), so the change is
 * String → enum and nothing else.
 *
 * Values keep their database spelling (PostGraphile v5's enumValue inflection,
 * not v4's CONSTANT_CASE): every value is already a GraphQL name, and the
 * GraphQL enum then holds exactly the literals of db.ts's union.
 */

/** One column whose CHECK allows a fixed set of text values. */
export interface ValueSetColumn {
  schema: string;
  table: string;
  column: string;
  /** The db.ts union's name, which the GraphQL enum takes too. */
  type: string;
  /** In the order of the CHECK. */
  values: readonly string[];
  /** The CHECK constraint the values come from. */
  constraint: string;
}

declare global {
  namespace GraphileConfig {
    interface Plugins {
      ValueSetEnumsPlugin: true;
    }
    interface GatherHelpers {
      valueSetEnums: Record<string, never>;
    }
  }
  namespace DataplanPg {
    interface PgCodecExtensions {
      /** Set on the enum codecs this plugin makes: the CHECK constraint the values come from. */
      valueSetConstraint?: string;
    }
  }
}

interface State {
  /** By `service:schema.table.column`: one codec per column, however often PostGraphile asks. */
  codecs: Map<string, PgEnumCodec<string, string>>;
}

const columnKey = (schema: string, table: string, column: string): string => `${schema}.${table}.${column}`;

/** The plugin for these value-set columns; a column the database does not have is ignored. */
export function valueSetEnumsPlugin(columns: readonly ValueSetColumn[]): GraphileConfig.Plugin {
  const byColumn = new Map(columns.map((c) => [columnKey(c.schema, c.table, c.column), c]));
  return {
    name: 'ValueSetEnumsPlugin',
    description: 'CHECK value sets as GraphQL enums named like the db.ts unions',
    version: '2.0.0',
    gather: gatherConfig({
      namespace: 'valueSetEnums',
      initialState: (): State => ({ codecs: new Map() }),
      hooks: {
        pgCodecs_attribute(info, { serviceName, pgClass, pgAttribute, attribute }) {
          const namespace = pgClass.getNamespace()?.nspname;
          if (namespace === undefined) return;
          const k = columnKey(namespace, pgClass.relname, pgAttribute.attname);
          const column = byColumn.get(k);
          // An array column keeps its list codec: db.ts's value sets are scalar text.
          if (!column || attribute.codec.arrayOfCodec) return;
          const codecKey = `${serviceName}:${k}`;
          let codec = info.state.codecs.get(codecKey);
          if (!codec) {
            codec = enumCodec({
              name: `valueSet${column.type}`,
              // The column's own type, so casts and comparisons stay what they were.
              identifier: attribute.codec.sqlType,
              values: [...column.values],
              description: `A value ${column.table}.${column.column} allows (CHECK constraint ${column.constraint}).`,
              extensions: { tags: { name: column.type }, valueSetConstraint: column.constraint },
            });
            info.state.codecs.set(codecKey, codec);
          }
          attribute.codec = codec;
        },
      },
    }),
    schema: {
      entityBehavior: {
        pgCodecAttribute: {
          inferred: {
            // After PostGraphile's defaults (which say -attribute:orderBy for enums), before smart tags.
            after: ['default'],
            provides: ['valueSetEnums'],
            callback(behavior, [codec, attributeName]) {
              const attribute = codec.attributes[attributeName];
              return attribute?.codec.extensions?.valueSetConstraint === undefined ? behavior : [behavior, 'attribute:orderBy'];
            },
          },
        },
      },
    },
  };
}
