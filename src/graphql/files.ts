import type { Artifact } from '../emit/artifact.ts';

/**
 * The GraphQL artifacts' paths and file form, apart from the modules that
 * compute them: the main thread names these files without loading
 * PostGraphile or graphql-codegen (they run on the worker thread).
 */

export const GRAPHQL_SCHEMA_PATH = 'src/generated/schema.graphql';
export const GRAPHQL_TYPES_PATH = 'src/generated/graphql.ts';

/** schema.graphql (ending in one newline) and graphql.ts. */
export function graphqlArtifacts(output: { sdl: string; types: string }): Artifact[] {
  return [
    { path: GRAPHQL_SCHEMA_PATH, contents: output.sdl.endsWith('\n') ? output.sdl : `${output.sdl}\n` },
    { path: GRAPHQL_TYPES_PATH, contents: output.types },
  ];
}
