import './quiet-grafast.ts';
import { makeSchema } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import type { PgClient, WithPgClient } from 'postgraphile/@dataplan/pg';
import type { NodePostgresPgClient } from 'postgraphile/adaptors/pg';
import { makeIntrospectionQuery } from 'postgraphile/graphile-build-pg/pg-introspection';
import { presetWith } from '../api/preset-with.ts';
import type { ValueSetColumn } from '../api/value-set-enums.ts';
import { asRole, closablePool } from '../db/closable-pool.ts';
import { withClient } from '../db/client.ts';
import { valueSetColumnsOf } from '../emit/value-set-columns.ts';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'postgraphile/graphql';
import { introspectSchema, modelFromCatalogTexts, type CatalogIntrospection } from '../introspect/introspect.ts';

/**
 * The GraphQL schema PostGraphile serves for the exposed schema, built once
 * against a live database and printed sorted so the SDL diff shows only real
 * changes.
 */

export interface GraphqlSchemaOptions {
  /** The PostgreSQL schemas PostGraphile exposes; app_public unless a test says otherwise. */
  schemas?: readonly string[];
}

export interface LiveSchemaOptions extends GraphqlSchemaOptions {
  /** The role the schema is built for: every connection does SET ROLE to it first. */
  role: string;
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
 * Builds the schema PostGraphile introspects live, as options.role, and
 * closes its connections before returning, so a CLI process that only
 * generates files exits as soon as it is done.
 */
export async function buildGraphqlSchema(connectionString: string, options: LiveSchemaOptions): Promise<GraphQLSchema> {
  const schemas = options.schemas ?? ['app_public'];
  // The value sets from the model, as the table owner sees it: CHECKs do not depend on the role.
  const columns = await withClient(connectionString, async (client) => {
    const found: ValueSetColumn[] = [];
    for (const name of schemas) found.push(...valueSetColumnsOf(await introspectSchema(client, name)));
    return found;
  });
  const { pool, close } = closablePool({ connectionString, options: asRole(options.role) });
  // pubsub off: generation never subscribes, and a LISTEN client would be one more thing to close.
  const pgService = makePgService({ pool, schemas: [...schemas], pubsub: false });
  try {
    const { schema } = await makeSchema(graphqlPreset(pgService, columns));
    return schema;
  } finally {
    await pgService.release?.();
    await close();
  }
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

/** The sorted SDL of the schema PostGraphile builds for the database, as options.role. */
export async function graphqlSdl(connectionString: string, options: LiveSchemaOptions): Promise<string> {
  return printSortedSchema(await buildGraphqlSchema(connectionString, options));
}

/** The two catalog answers introspectCatalog fetched: PostGraphile's introspection, and with it the model the value sets come from. */
export type FetchedCatalog = Pick<CatalogIntrospection, 'introspectionText' | 'catalogTexts'>;

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
        throw new Error(`PostGraphile asked for more than its introspection (${query.text.slice(0, 60)}…); build this schema with graphqlSdl(url) instead.`);
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

/**
 * The sorted SDL PostGraphile builds from the catalog texts already fetched
 * (introspectCatalog's, for its one schema): no connection, no round trip.
 * The value sets come from the model those texts make.
 */
export async function graphqlSdlFromIntrospection(catalog: FetchedCatalog, options: GraphqlSchemaOptions = {}): Promise<string> {
  const schemas = options.schemas ?? ['app_public'];
  const [schemaName = 'app_public'] = schemas;
  const columns = valueSetColumnsOf(modelFromCatalogTexts(catalog.introspectionText, catalog.catalogTexts, schemaName));
  const { schema } = await makeSchema(graphqlPreset(introspectedPgService(catalog.introspectionText, schemas), columns));
  return printSortedSchema(schema);
}
