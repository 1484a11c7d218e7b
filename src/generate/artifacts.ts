import { join } from 'node:path';
import type pg from 'pg';
import type { Artifact } from '../emit/artifact.ts';
import { DIAGRAMS_DIR } from '../emit/doc-paths.ts';
import { runEmitters } from '../emit/emitter.ts';
import { modelEmitters } from '../emit/emitters.ts';
import { DiagramMemo } from '../emit/erd-render.ts';
import { apiRoles } from '../db/roles.ts';
import { GraphqlWorker, type GraphqlOutput } from '../graphql/graphql-worker.ts';
import { graphqlInputAs } from '../graphql/graphql-input.ts';
import { GRAPHQL_SCHEMA_PATH, GRAPHQL_TYPES_PATH, graphqlArtifacts } from '../graphql/files.ts';
import type { GraphqlInput } from '../graphql/schema.ts';
import { withClient } from '../db/client.ts';
import { introspectCatalog, type CatalogIntrospection } from '../introspect/introspect.ts';
import { byKey } from '../lib/compare.ts';
import { codeKey } from '../lib/code-key.ts';
import { cached, type Codec } from '../lib/file-cache.ts';
import { cacheDir } from '../lib/paths.ts';
import { timed, type StageTimings } from '../lib/timings.ts';
import { readTableHistory, type HistoryTable } from '../migrate/table-history.ts';
import type { SchemaModel } from '../model/schema-model.ts';

/** What `primary` gives: the model's files now, GraphQL's when its thread answers. */
export interface PrimaryArtifacts {
  fromModel: Artifact[];
  graphql: Promise<Artifact[]>;
}

export interface Generation {
  model: SchemaModel;
  artifacts: Artifact[];
  timings: StageTimings;
}

/** The one list of model emitters (src/emit/emitters.ts), by phase. */
const primaryEmitters = modelEmitters.filter((emitter) => emitter.phase === 'primary');
const diagramEmitters = modelEmitters.filter((emitter) => emitter.phase === 'diagrams');

/**
 * Every artifact of one introspection, in three phases a caller in a hurry
 * writes one after another (phaseOf): `primary` gives the model's files (row
 * types, the Kysely interface, zod validators, the API preset's value-set
 * list, DDL, docs, Mermaid) at once and the GraphQL SDL and its types as a
 * promise, since they take a worker thread longer; `diagrams` gives SVG and
 * PNG, the slowest part. What an unchanged input cannot change is not redone:
 * the GraphQL output and each PNG come from the cache in .data/cache when
 * their inputs match, in this process or a later one; within a process (the
 * dev loop keeps one generator), codegen is skipped when the SDL is the same
 * and each diagram whose DOT is the same is not laid out again.
 */
export class ArtifactGenerator {
  private readonly graphql = new GraphqlWorker();
  /** Whether the GraphQL thread was asked to build a schema: an answer from the cache leaves it cold. */
  private graphqlBuilt = false;
  /** Kept as long as this generator: the dev loop renders only the diagrams whose DOT changed. */
  private readonly diagramMemo = new DiagramMemo();

  /** Starts loading PostGraphile and codegen on their thread; call it first, so that happens during the introspection. */
  warmUp(): void {
    this.graphql.start();
  }

  /** One round trip: the model and the raw introspection PostGraphile builds from. */
  introspect(client: pg.Client, timings: StageTimings): Promise<CatalogIntrospection> {
    return timed(timings, 'introspect', () => introspectCatalog(client));
  }

  /**
   * The model's files, and the GraphQL files to come. `history` (src/migrate/table-history.ts)
   * fixes the numbers of the per-table DDL files.
   */
  async primary(catalog: CatalogIntrospection, history: readonly HistoryTable[], timings: StageTimings): Promise<PrimaryArtifacts> {
    const { model } = catalog;
    const tableHistory = history.filter((h) => h.schema === model.schema).map((h) => h.table);
    // Asked first: the worker builds the GraphQL schema while this thread runs the other emitters.
    const graphql = timed(timings, 'graphql', async () => {
      const output = await this.graphqlOutput(visitorInput(catalog));
      Object.assign(timings, output.timings);
      return graphqlArtifacts(output);
    });
    // The caller awaits it; until then, a failure must not count as unhandled should an emitter below throw first.
    graphql.catch(() => undefined);
    const fromModel = await runEmitters(primaryEmitters, model, { tableHistory }, timings);
    return { fromModel, graphql };
  }

  /**
   * The GraphQL thread's answer, or the one an earlier process got for the
   * same input and code (src/lib/code-key.ts): a second
   * generation of an unchanged database need not wait for PostGraphile.
   */
  private async graphqlOutput(input: GraphqlInput): Promise<GraphqlOutput> {
    const code = codeKey();
    const build = (): Promise<GraphqlOutput> => {
      this.graphqlBuilt = true;
      return this.graphql.build(input);
    };
    if (code === undefined) return build();
    // All the thread reads: the introspection text and the value sets (not the catalog texts they come from, which change more often).
    const key = `${code}\n${input.introspectionText}\n${JSON.stringify(input.valueSetColumns)}`;
    return cached(join(cacheDir(), 'graphql'), 'graphql', key, build, graphqlCodec);
  }

  /**
   * Builds catalog's GraphQL schema once on its thread and drops the answer, unless the thread has
   * built one already. PostGraphile's first build in a thread takes several times as long as the
   * next (its code runs for the first time), and a first generation answered from the cache never
   * builds: the dev loop calls this before its first turn renders the diagrams, so the first save does not pay for it.
   */
  warmGraphql(catalog: CatalogIntrospection): void {
    if (this.graphqlBuilt) return;
    this.graphqlBuilt = true;
    this.graphql.build(visitorInput(catalog)).catch(() => undefined);
  }

  diagrams(model: SchemaModel, timings: StageTimings): Promise<Artifact[]> {
    return runEmitters(diagramEmitters, model, { diagramMemo: this.diagramMemo }, timings);
  }

  /** Stops the GraphQL thread. */
  close(): Promise<void> {
    return this.graphql.close();
  }
}

/** The visitor's input, what the API server, connected as the authenticator, serves to a request. */
function visitorInput(catalog: CatalogIntrospection): GraphqlInput {
  return graphqlInputAs(catalog, apiRoles().visitor);
}

/** The two texts as JSON; a cached answer has no stage timings, as nothing was built. */
const graphqlCodec: Codec<GraphqlOutput> = {
  encode: ({ sdl, types }) => new TextEncoder().encode(JSON.stringify({ sdl, types })),
  decode(bytes) {
    try {
      const { sdl, types } = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
      return typeof sdl === 'string' && typeof types === 'string' ? { sdl, types, timings: {} } : undefined;
    } catch {
      return undefined;
    }
  },
};

/**
 * The phase that produces a file: 'model' (primary's fromModel), 'graphql'
 * (primary's graphql) or 'diagrams'. The dev loop writes each phase's files
 * as soon as they are ready, in that order.
 */
export type Phase = 'model' | 'graphql' | 'diagrams';

export function phaseOf(path: string): Phase {
  if (path.startsWith(`${DIAGRAMS_DIR}/`)) return 'diagrams';
  if (path === GRAPHQL_SCHEMA_PATH || path === GRAPHQL_TYPES_PATH) return 'graphql';
  return 'model';
}

const byPath = byKey((artifact: Artifact) => artifact.path);

/** One generation, prepared ahead of the database it will read; see prepareGeneration. */
export type PreparedGeneration = (url: string) => Promise<Generation>;

/** Which migrations the database was built from: `check` builds from the committed ones alone. */
export interface GenerationOptions {
  withCurrent: boolean;
}

/**
 * Starts loading PostGraphile and codegen now, for one generation later: a
 * command with work to do first (start: the database, the migrations) calls
 * this before that work, so the loading happens meanwhile.
 */
export function prepareGeneration({ withCurrent }: GenerationOptions = { withCurrent: true }): PreparedGeneration {
  const generator = new ArtifactGenerator();
  generator.warmUp();
  return (url) => generateWith(generator, url, readTableHistory({ current: withCurrent }));
}

/**
 * One pass over the database at url: introspect once, then every emitter and
 * PostGraphile's schema from that one result. Returns every artifact, sorted
 * by path.
 */
export function generateArtifacts(url: string): Promise<Generation> {
  return prepareGeneration()(url);
}

async function generateWith(generator: ArtifactGenerator, url: string, history: HistoryTable[]): Promise<Generation> {
  const timings: StageTimings = {};
  try {
    const catalog = await withClient(url, (client) => generator.introspect(client, timings));
    const { fromModel, graphql } = await generator.primary(catalog, history, timings);
    const [graphqlFiles, diagrams] = await Promise.all([graphql, generator.diagrams(catalog.model, timings)]);
    return { model: catalog.model, artifacts: [...fromModel, ...graphqlFiles, ...diagrams].sort(byPath), timings };
  } finally {
    await generator.close();
  }
}
