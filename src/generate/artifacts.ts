import type { Artifact } from '../emit/artifact.ts';
import { emitDbTypes } from '../emit/db-types.ts';
import { emitDdl } from '../emit/ddl.ts';
import { renderDocs } from '../emit/docs.ts';
import { renderErd } from '../emit/erd-render.ts';
import { emitGraphqlTypes } from '../emit/graphql-types.ts';
import { renderMermaid } from '../emit/mermaid.ts';
import { emitGraphqlSchema, graphqlSdl } from '../graphql/schema.ts';
import { withClient } from '../db/client.ts';
import { introspectSchema } from '../introspect/introspect.ts';
import type { SchemaModel } from '../model/schema-model.ts';

/** Where each stage's time went, for progress output and the benchmarks. */
export type StageTimings = Record<string, number>;

export interface Generation {
  model: SchemaModel;
  artifacts: Artifact[];
  timings: StageTimings;
}

async function timed<T>(timings: StageTimings, stage: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[stage] = performance.now() - started;
  }
}

/** Every artifact the model alone determines: pure emitters (the ERD renders through WebAssembly, still without I/O). */
export async function modelArtifacts(model: SchemaModel, timings: StageTimings = {}): Promise<Artifact[]> {
  const [erd, rest] = await Promise.all([
    timed(timings, 'erd', () => renderErd(model)),
    timed(timings, 'types+ddl+docs', () => [emitDbTypes(model), ...emitDdl(model), renderMermaid(model), ...renderDocs(model)]),
  ]);
  return [...rest, ...erd];
}

/**
 * One pass over the database at url: introspect app_public once for the
 * model-driven artifacts, and let PostGraphile build the GraphQL schema it
 * would serve. Returns every artifact, sorted by path.
 */
export async function generateArtifacts(url: string): Promise<Generation> {
  const timings: StageTimings = {};
  const [model, sdl] = await Promise.all([
    timed(timings, 'introspect', () => withClient(url, (client) => introspectSchema(client))),
    timed(timings, 'graphql schema', () => graphqlSdl(url)),
  ]);
  const [fromModel, graphqlTypes] = await Promise.all([
    modelArtifacts(model, timings),
    timed(timings, 'graphql codegen', () => emitGraphqlTypes(sdl)),
  ]);
  const artifacts = [...fromModel, emitGraphqlSchema(sdl), graphqlTypes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { model, artifacts, timings };
}
