import './quiet-grafast.ts';
import type pg from 'pg';
import { makeSchema } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import type { GraphQLSchema } from 'postgraphile/graphql';
import type { ValueSetColumn } from '../api/value-set-enums.ts';
import { asRole, closablePool } from '../db/closable-pool.ts';
import { valueSetColumnsOf } from '../emit/value-set-columns.ts';
import { introspectSchema } from '../introspect/introspect.ts';
import { graphqlPreset, printSortedSchema, type GraphqlSchemaOptions } from './schema.ts';

/**
 * The GraphQL schema PostGraphile introspects from a live database itself
 * (tests compare it with the one generation builds from a fetched text).
 */

export interface LiveSchemaOptions extends GraphqlSchemaOptions {
  /** The role the schema is built for: every connection does SET ROLE to it first. */
  role: string;
}

/**
 * Builds the schema PostGraphile introspects live, as options.role, and
 * closes its connections before returning, so a CLI process that only
 * generates files exits as soon as it is done. The value sets come from the
 * model read on the pool's own connection: the catalog, CHECKs included, reads
 * the same for every role, so no owner connection is needed.
 */
export async function buildGraphqlSchema(connectionString: string, options: LiveSchemaOptions): Promise<GraphQLSchema> {
  const schemas = options.schemas ?? ['app_public'];
  const { pool, close } = closablePool({ connectionString, options: asRole(options.role) });
  // pubsub off: generation never subscribes, and a LISTEN client would be one more thing to close.
  const pgService = makePgService({ pool, schemas: [...schemas], pubsub: false });
  try {
    const { schema } = await makeSchema(graphqlPreset(pgService, await valueSetColumnsVia(pool, schemas)));
    return schema;
  } finally {
    await pgService.release?.();
    await close();
  }
}

/** The value-set columns of the schemas, read on one of the pool's connections, which then goes back to the pool for PostGraphile. */
async function valueSetColumnsVia(pool: pg.Pool, schemas: readonly string[]): Promise<ValueSetColumn[]> {
  const client = await pool.connect();
  try {
    const found: ValueSetColumn[] = [];
    for (const name of schemas) found.push(...valueSetColumnsOf(await introspectSchema(client, name)));
    return found;
  } finally {
    client.release();
  }
}

/** The sorted SDL of the schema PostGraphile builds for the database, as options.role. */
export async function graphqlSdl(connectionString: string, options: LiveSchemaOptions): Promise<string> {
  return printSortedSchema(await buildGraphqlSchema(connectionString, options));
}
