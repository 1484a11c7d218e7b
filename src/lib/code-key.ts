import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isGeneratedPath } from './generated-paths.ts';
import { repoRoot } from './paths.ts';

/**
 * One hash of all the code a cached computation can run, for the caches'
 * keys (the GraphQL output, the PNGs): with the computation's own input
 * (the introspection text and value sets, the SVG) it decides the output. Why it is complete:
 * - our code: every file under src/ (a superset of what any of our modules
 *   loads: src/ imports nothing of ours outside src/), except the generated
 *   outputs (src/lib/generated-paths.ts), which a generation rewrites and none
 *   of the cached computations load; test/code-key.test.ts checks both
 *   against the modules the GraphQL thread really loads;
 * - packages: package-lock.json (the versions asked for) and
 *   node_modules/.package-lock.json (npm's record of what is installed);
 * - the runtime: the Node.js version, and GRAPHILE_ENV and NODE_ENV, which
 *   change what Grafast and PostGraphile do; the GraphQL thread reads no
 *   other variable and no file (src/graphql/quiet-grafast.ts is its one
 *   reader of the environment), and the PNG rendering reads only the font
 *   files, which are package contents.
 * A superset costs only extra misses (an edit anywhere in src/ rebuilds
 * once); hashing it takes a few ms. Undefined (no caching) when a file
 * cannot be read.
 */
export function codeKey(root: string = repoRoot): string | undefined {
  if (root !== repoRoot) return computeCodeKey(root);
  // Once per process: it describes the code this process loaded at its start.
  memo ??= { key: computeCodeKey(root) };
  return memo.key;
}

let memo: { key: string | undefined } | undefined;

/** Every file under src/ that codeKey hashes, relative to root with '/' separators, sorted. */
export function keyedSourceFiles(root: string): string[] {
  return readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !isGeneratedPath(path))
    .sort();
}

function computeCodeKey(root: string): string | undefined {
  try {
    const hash = createHash('sha256');
    for (const path of [...keyedSourceFiles(root), 'package-lock.json', 'node_modules/.package-lock.json']) {
      hash.update(`${path}\0`).update(readFileSync(join(root, path))).update('\0');
    }
    hash.update(`${process.version}\0${process.env.GRAPHILE_ENV ?? ''}\0${process.env.NODE_ENV ?? ''}`);
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}
