import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { moduleClosure } from '../lib/module-closure.ts';
import { repoRoot } from '../lib/paths.ts';

/**
 * Everything besides the introspection text that decides schema.graphql
 * and graphql.ts, as one hash: the source of every module the GraphQL
 * thread runs (the preset, the codegen options), the exact version of every
 * package (the lock file), Node.js, and Grafast's mode. With the
 * introspection text it keys the cached GraphQL output, so a second
 * generation of an unchanged database need not wait for PostGraphile.
 * Undefined (no caching) when a file cannot be read.
 */
let memo: { recipe: string | undefined } | undefined;

export function graphqlRecipe(): string | undefined {
  memo ??= { recipe: computeRecipe() };
  return memo.recipe;
}

function computeRecipe(): string | undefined {
  try {
    const hash = createHash('sha256');
    for (const file of moduleClosure(join(repoRoot, 'src/graphql/worker.ts')).files) {
      hash.update(`${relative(repoRoot, file)}\0`).update(readFileSync(file)).update('\0');
    }
    hash.update(readFileSync(join(repoRoot, 'package-lock.json')));
    hash.update(`\0${process.version}\0${process.env.GRAPHILE_ENV ?? ''}\0${process.env.NODE_ENV ?? ''}`);
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}
