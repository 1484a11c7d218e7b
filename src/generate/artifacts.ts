import type pg from 'pg';
import type { Artifact } from '../emit/artifact.ts';
import { emitDbTypes } from '../emit/db-types.ts';
import { emitDdl } from '../emit/ddl.ts';
import { DIAGRAMS_DIR } from '../emit/doc-paths.ts';
import { renderDocs } from '../emit/docs.ts';
import { renderErd } from '../emit/erd-render.ts';
import { emitGraphqlTypes } from '../emit/graphql-types.ts';
import { renderMermaid } from '../emit/mermaid.ts';
import { emitGraphqlSchema, graphqlSdlFromIntrospection } from '../graphql/schema.ts';
import { withClient } from '../db/client.ts';
import { introspectCatalog, type CatalogIntrospection } from '../introspect/introspect.ts';
import type { SchemaModel } from '../model/schema-model.ts';

/** Where each stage's time went, for progress output and the benchmarks. */
export type StageTimings = Record<string, number>;

export interface Generation {
  model: SchemaModel;
  artifacts: Artifact[];
  timings: StageTimings;
}

/** "introspect 150 ms, graphql schema 420 ms, …" */
export function describeTimings(timings: StageTimings): string {
  return Object.entries(timings)
    .map(([stage, ms]) => `${stage} ${Math.round(ms)} ms`)
    .join(', ');
}

export async function timed<T>(timings: StageTimings, stage: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[stage] = performance.now() - started;
  }
}

/** The value computed for the latest key: recomputed only when the key changes, and never kept from a failure. */
class LastResult<T> {
  private last?: { key: string; value: T };

  async get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.last?.key === key) return this.last.value;
    const value = await compute();
    this.last = { key, value };
    return value;
  }
}

/**
 * Every artifact of one introspection, in two parts: `primary` (row types,
 * DDL, docs, Mermaid, the GraphQL SDL and its types) and `diagrams` (SVG and
 * PNG, the slowest part), so a caller in a hurry can write the first before
 * rendering the second. One generator kept for a whole process (the dev loop)
 * skips what an unchanged input cannot change: PostGraphile when the
 * introspection text is the same, codegen when the SDL is the same, and each
 * diagram whose DOT is the same (erd-render.ts caches those).
 */
export class ArtifactGenerator {
  private readonly sdl = new LastResult<string>();
  private readonly graphqlTypes = new LastResult<Artifact>();

  /** One round trip: the model and the raw introspection PostGraphile builds from. */
  introspect(client: pg.Client, timings: StageTimings): Promise<CatalogIntrospection> {
    return timed(timings, 'introspect', () => introspectCatalog(client));
  }

  async primary(catalog: CatalogIntrospection, timings: StageTimings): Promise<Artifact[]> {
    const { model } = catalog;
    const fromModel = await timed(timings, 'types+ddl+docs', () => [emitDbTypes(model), ...emitDdl(model), renderMermaid(model), ...renderDocs(model)]);
    const sdl = await timed(timings, 'graphql schema', () => this.sdl.get(catalog.introspectionText, () => graphqlSdlFromIntrospection(catalog.introspectionText)));
    const graphqlTypes = await timed(timings, 'graphql codegen', () => this.graphqlTypes.get(sdl, () => emitGraphqlTypes(sdl)));
    return [...fromModel, emitGraphqlSchema(sdl), graphqlTypes];
  }

  diagrams(model: SchemaModel, timings: StageTimings): Promise<Artifact[]> {
    return timed(timings, 'erd', () => renderErd(model));
  }
}

/** The files `diagrams` produces; `primary` produces every other one. */
export function isDiagramPath(path: string): boolean {
  return path.startsWith(`${DIAGRAMS_DIR}/`);
}

function byPath(a: Artifact, b: Artifact): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * One pass over the database at url: introspect once, then every emitter and
 * PostGraphile's schema from that one result. Returns every artifact, sorted
 * by path.
 */
export async function generateArtifacts(url: string): Promise<Generation> {
  const timings: StageTimings = {};
  const generator = new ArtifactGenerator();
  const catalog = await withClient(url, (client) => generator.introspect(client, timings));
  const [primary, diagrams] = await Promise.all([generator.primary(catalog, timings), generator.diagrams(catalog.model, timings)]);
  return { model: catalog.model, artifacts: [...primary, ...diagrams].sort(byPath), timings };
}
