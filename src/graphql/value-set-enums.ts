import { enumCodec, withPgClientFromPgService, type PgEnumCodec } from 'postgraphile/@dataplan/pg';
import { gatherConfig } from 'postgraphile/graphile-build';
import type { Introspection } from 'postgraphile/graphile-build-pg/pg-introspection';
import { planTable, type ValueSetNames } from '../emit/db-type-names.ts';
import { catalogTextsStatement, modelFromCatalog } from '../introspect/introspect.ts';
import type { ValueSetModel } from '../model/schema-model.ts';

/**
 * A PostGraphile gather plugin that turns each CHECK value set of the model
 * (`col in ('A', 'B')`, read by src/introspect/value-sets.ts) into a GraphQL
 * enum named like db.ts's union (`UserSubscriptionTier`), in outputs, inputs,
 * conditions and orderBy alike. Only the API's types change: the column stays
 * text and its named CHECK keeps rejecting other values, so a client that
 * bypasses GraphQL meets the same rule.
 *
 * Where the value sets come from: the model, built by the same code as for
 * every emitter (modelFromCatalog), from PostGraphile's own introspection plus
 * the catalog-texts statement, which the plugin sends through the pg service.
 * A served schema asks the database; generation answers the statement from the
 * text introspectCatalog already fetched (src/graphql/schema.ts).
 *
 * PostGraphile drops orderBy for enum columns; these columns had it as text,
 * and the API keeps it (ordering stays the text order), so the change is
 * String → enum and nothing else.
 *
 * Values keep their database spelling (PostGraphile v5's enumValue inflection,
 * not v4's CONSTANT_CASE): every value is already a GraphQL name, and the
 * GraphQL enum then holds exactly the literals of db.ts's union.
 */

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

interface ValueSetColumn {
  names: ValueSetNames;
  valueSet: ValueSetModel;
  /** `table.column`, for the enum's description. */
  label: string;
}

interface State {
  /** By `service:class oid:attnum`. */
  columns: Map<string, ValueSetColumn>;
  codecs: Map<string, PgEnumCodec<string, string>>;
}

const key = (serviceName: string, classId: string, attnum: number): string => `${serviceName}:${classId}:${attnum}`;

/** The value-set columns of one schema, keyed for pgCodecs_attribute. */
function valueSetColumns(serviceName: string, introspection: Introspection, schema: string, catalogTexts: string): Map<string, ValueSetColumn> {
  const namespace = introspection.getNamespace({ name: schema });
  const columns = new Map<string, ValueSetColumn>();
  if (!namespace) return columns;
  for (const table of modelFromCatalog(introspection, catalogTexts, schema).tables) {
    const pgClass = introspection.classes.find((c) => c.relnamespace === namespace._id && c.relname === table.name);
    for (const [name, names] of planTable(table).valueSets) {
      const valueSet = table.columns.find((column) => column.name === name)?.valueSet;
      const attribute = pgClass?.getAttribute({ name });
      if (!pgClass || !attribute || !valueSet) continue;
      columns.set(key(serviceName, pgClass._id, attribute.attnum), { names, valueSet, label: `${table.name}.${name}` });
    }
  }
  return columns;
}

export const ValueSetEnumsPlugin: GraphileConfig.Plugin = {
  name: 'ValueSetEnumsPlugin',
  description: 'CHECK value sets as GraphQL enums named like the db.ts unions',
  version: '1.0.0',
  gather: gatherConfig({
    namespace: 'valueSetEnums',
    initialState: (): State => ({ columns: new Map(), codecs: new Map() }),
    hooks: {
      async pgIntrospection_introspection(info, { serviceName, introspection }) {
        const pgService = info.resolvedPreset.pgServices?.find((service) => service.name === serviceName);
        if (!pgService) return;
        for (const schema of pgService.schemas ?? ['public']) {
          if (!introspection.getNamespace({ name: schema })) continue;
          const { rows } = await withPgClientFromPgService(pgService, pgService.pgSettingsForIntrospection ?? null, (client) =>
            client.query<{ texts: unknown }>({ text: catalogTextsStatement(schema) }),
          );
          const texts = rows[0]?.texts;
          if (typeof texts !== 'string') throw new Error(`ValueSetEnumsPlugin: the catalog-texts statement for ${schema} returned no text.`);
          for (const [k, column] of valueSetColumns(serviceName, introspection, schema, texts)) info.state.columns.set(k, column);
        }
      },
      pgCodecs_attribute(info, { serviceName, pgClass, pgAttribute, attribute }) {
        const k = key(serviceName, pgClass._id, pgAttribute.attnum);
        const column = info.state.columns.get(k);
        // An array column keeps its list codec: db.ts's value sets are scalar text.
        if (!column || attribute.codec.arrayOfCodec) return;
        let codec = info.state.codecs.get(k);
        if (!codec) {
          const { names, valueSet, label } = column;
          codec = enumCodec({
            name: `valueSet${names.type}`,
            // The column's own type, so casts and comparisons stay what they were.
            identifier: attribute.codec.sqlType,
            values: valueSet.values,
            description: `A value ${label} allows (CHECK constraint ${valueSet.constraint}).`,
            extensions: { tags: { name: names.type }, valueSetConstraint: valueSet.constraint },
          });
          info.state.codecs.set(k, codec);
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
