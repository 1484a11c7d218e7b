import './quiet-grafast.ts';
import { makeSchema } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import type { PgClient, WithPgClient } from 'postgraphile/@dataplan/pg';
import type { NodePostgresPgClient } from 'postgraphile/adaptors/pg';
import { makeIntrospectionQuery } from 'postgraphile/graphile-build-pg/pg-introspection';
import { presetWith } from '../api/preset-with.ts';
import type { ValueSetColumn } from '../api/value-set-enums.ts';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'postgraphile/graphql';

/**
 * The GraphQL schema PostGraphile serves for the exposed schema, built from
 * an introspection text fetched earlier and printed sorted so the SDL diff
 * shows only real changes. The GraphQL thread runs this module: it imports
 * nothing that builds a SchemaModel (live-schema.ts builds from a database).
 */

export interface GraphqlSchemaOptions {
  /** The PostgreSQL schemas PostGraphile exposes; app_public unless a test says otherwise. */
  schemas?: readonly string[];
}

/**
 * The API's preset (src/api/graphile.config.ts) on the given connection, with
 * the value sets of the model being generated from rather than the generated
 * list, which may be stale until this generation writes it.
 */
export function graphqlPreset(pgService: GraphileConfig.PgServiceConfiguration, columns: readonly ValueSetColumn[]): GraphileConfig.Preset {
  return { extends: [presetWith(columns)], pgServices: [pgService] };
}

/**
 * The `schema { … }` block printSchema leaves out when the roots have their
 * default names. It is needed when an ordinary type takes a root's name (the
 * subscriptions table's `Subscription`): without it every SDL reader would
 * take that type for the subscription root.
 */
function explicitRoots(schema: GraphQLSchema): string {
  const roots = [
    ['query', 'Query', schema.getQueryType()],
    ['mutation', 'Mutation', schema.getMutationType()],
    ['subscription', 'Subscription', schema.getSubscriptionType()],
  ] as const;
  const shadowed = roots.some(([, name, root]) => !root && schema.getType(name) !== undefined);
  if (!shadowed) return '';
  const lines = roots.flatMap(([operation, , root]) => (root ? [`  ${operation}: ${root.name}`] : []));
  return `schema {\n${lines.join('\n')}\n}\n\n`;
}

/** SDL in a stable order: types and fields sorted by name. */
export function printSortedSchema(schema: GraphQLSchema): string {
  const sorted = lexicographicSortSchema(schema);
  return explicitRoots(sorted) + printSchema(sorted);
}

/**
 * All a GraphQL schema is built from: PostGraphile's introspection (introspectCatalog's) and the
 * value-set columns of the model the caller built from the same fetch, as plain data.
 */
export interface GraphqlInput {
  introspectionText: string;
  valueSetColumns: readonly ValueSetColumn[];
}

/**
 * A pg service without a database: while building a schema PostGraphile asks
 * exactly one question, makeIntrospectionQuery(), and this service answers it
 * with the text fetched earlier (introspectCatalog's). The service carries
 * the same keys makePgService gives the live one, so the schema is the same.
 */
function introspectedPgService(introspectionText: string, schemas: readonly string[]): GraphileConfig.PgServiceConfiguration {
  const introspectionQuery = makeIntrospectionQuery();
  const client: PgClient = {
    async query<TData>(query: { text: string }) {
      if (query.text !== introspectionQuery) {
        throw new Error(`PostGraphile asked for more than its introspection (${query.text.slice(0, 60)}…); build this schema with graphqlSdl(url) (live-schema.ts) instead.`);
      }
      return { rows: [{ introspection: introspectionText } as TData], rowCount: 1 };
    },
    withTransaction: (callback) => callback(client),
  };
  const withPgClient: WithPgClient = async (_pgSettings, callback) => callback(client);
  return {
    name: 'main',
    schemas: [...schemas],
    // The adaptor's type promises node-postgres clients (with rawClient); building a schema only calls query().
    adaptor: { createWithPgClient: () => withPgClient as WithPgClient<NodePostgresPgClient>, makePgService },
    withPgClientKey: 'withPgClient',
    pgSettingsKey: 'pgSettings',
    pgSubscriber: null,
  };
}

/** The sorted SDL PostGraphile builds from an input fetched earlier: no connection, no round trip. */
export async function graphqlSdlFromIntrospection(input: GraphqlInput, options: GraphqlSchemaOptions = {}): Promise<string> {
  const schemas = options.schemas ?? ['app_public'];
  const { schema } = await makeSchema(graphqlPreset(introspectedPgService(input.introspectionText, schemas), input.valueSetColumns));
  return printSortedSchema(schema);
}
