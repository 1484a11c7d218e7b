import { parentPort } from 'node:worker_threads';
import { renderGraphqlTypes } from './graphql-types.ts';
import { LastResult } from '../lib/last-result.ts';
import { timed, type StageTimings } from '../lib/timings.ts';
import type { GraphqlReply, GraphqlRequest } from './graphql-worker.ts';
import { graphqlSdlFromIntrospection, type GraphqlInput } from './schema.ts';

/**
 * The body of the GraphQL worker thread (started by graphql-worker.ts): an
 * introspection text and the value-set columns in (plain data: the thread
 * builds no SchemaModel), the sorted SDL and graphql.ts out. The thread lives
 * as long as its generator, so it keeps the last graphql.ts for an unchanged
 * SDL: a dev-loop save that changes the catalog but not the API skips codegen.
 * An unchanged input never reaches the thread; the caller reads
 * its output from the cache (artifacts.ts).
 */

if (!parentPort) throw new Error('src/graphql/worker.ts runs as a worker thread; use GraphqlWorker from src/graphql/graphql-worker.ts.');
const port = parentPort;
const typesOf = new LastResult<string>();

port.on('message', ({ id, input }: GraphqlRequest) => {
  void answer(id, input).then((reply) => port.postMessage(reply));
});

/** PostGraphile's own errors rarely say where they come from. */
async function schemaSdl(input: GraphqlInput): Promise<string> {
  try {
    return await graphqlSdlFromIntrospection(input);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`PostGraphile could not build the GraphQL schema: ${reason}`, { cause: error });
  }
}

async function answer(id: number, input: GraphqlInput): Promise<GraphqlReply> {
  const timings: StageTimings = {};
  try {
    const sdl = await timed(timings, 'graphql schema', () => schemaSdl(input));
    const types = await timed(timings, 'graphql codegen', () => typesOf.get(sdl, () => renderGraphqlTypes(sdl)));
    return { id, sdl, types, timings };
  } catch (error) {
    const { message, stack } = error instanceof Error ? error : new Error(String(error));
    return { id, error: { message, stack } };
  }
}
