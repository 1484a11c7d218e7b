/**
 * The order test files start in, so the two workers finish together: the
 * slowest first. What each file took last time comes from jest's own cache;
 * a file it has no time for (every file, on a fresh CI machine) is estimated
 * from what its source does that costs seconds here.
 */

/** What costs seconds in a test file, and roughly how many (quiet machine, 2 cores) each use costs. */
const costs: readonly { pattern: RegExp; ms: number }[] = [
  // npm pack builds dist/ twice with tsc, then npm installs the tarball.
  { pattern: /\bpackInto\(/g, ms: 30_000 },
  // A long-running command as a process: Node, tsx and the CLI's modules, then its server and first turn.
  { pattern: /\bnew DevProcess\(|\bstartWatch\(/g, ms: 8_000 },
  // An embedded server of its own: a cluster to start (and stop).
  { pattern: /\bstartEmbedded\(|\bcopyInitialisedCluster\(|\bCFDB_DATA_DIR\b/g, ms: 4_000 },
  // A whole generation: introspection, PostGraphile, codegen, diagrams.
  { pattern: /\bgenerateArtifacts\(|\bGraphqlWorker\(|\['(check|commit|generate|uncommit)'/g, ms: 4_000 },
  // A command as a process of its own.
  { pattern: /\brunCli\(|\brunCliOnTerminal\(|\bexecFile(Sync)?\(|\bspawn\(/g, ms: 2_000 },
  // A clone of the template, or a database built migration by migration.
  { pattern: /\bcreate(Migrated|Empty)Database\(|\bcreateDatabaseThrough\(/g, ms: 500 },
];

/** A rough duration for a test file from its source; only the order it gives matters. */
export function estimatedMs(source: string): number {
  // Every file pays for its module graph and its tests, which grow with its size.
  const base = source.length / 10;
  return costs.reduce((total, { pattern, ms }) => total + (source.match(pattern)?.length ?? 0) * ms, base);
}

export interface Timed<T> {
  item: T;
  /** It failed last time: run it first, for the quickest news. */
  failed: boolean;
  ms: number;
}

/** Failed files first, then the longest first; equal ones keep their order. */
export function slowestFirst<T>(entries: readonly Timed<T>[]): T[] {
  return [...entries].sort((a, b) => Number(b.failed) - Number(a.failed) || b.ms - a.ms).map((entry) => entry.item);
}
