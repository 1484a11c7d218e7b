import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file rather than the working directory so commands work from any folder. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/*
 * The paths below come from the environment. They are read when this module
 * loads and again at the start of every runCli (src/cli.ts), so a CLI run
 * inside a long-lived process (a test file's) sees the variables set for it.
 */
/** CFDB_MIGRATIONS_DIR lets tests and tools work on a copy of the migrations instead of the checkout's own. */
export let migrationsDir: string;
export let currentMigrationPath: string;
export let committedMigrationsDir: string;
export const gmrcPath = join(repoRoot, '.gmrc');
/** The domain map the ERD and docs are grouped by; CFDB_DOMAINS_FILE lets tests edit a copy. */
export let domainsPath: string;

/** A path as people should see it: relative inside the checkout, absolute outside it. */
export function displayPath(path: string): string {
  const rel = relative(repoRoot, path);
  return rel.startsWith('..') ? path : rel;
}

/** Where generated files are read and written; CFDB_OUTPUT_DIR points tests at a copy of the tree. */
export let outputRoot: string;

/** Sets the paths above from the environment's CFDB_MIGRATIONS_DIR, CFDB_DOMAINS_FILE and CFDB_OUTPUT_DIR. */
export function readPathVariables(env: NodeJS.ProcessEnv = process.env): void {
  migrationsDir = env.CFDB_MIGRATIONS_DIR ?? join(repoRoot, 'migrations');
  currentMigrationPath = join(migrationsDir, 'current.sql');
  committedMigrationsDir = join(migrationsDir, 'committed');
  domainsPath = env.CFDB_DOMAINS_FILE ?? join(repoRoot, 'src', 'model', 'domains.json5');
  outputRoot = env.CFDB_OUTPUT_DIR ?? repoRoot;
}

readPathVariables();

/** Rebuildable results kept between runs (rendered PNGs); CFDB_CACHE_DIR moves it, and deleting it is always safe. */
export function cacheDir(): string {
  return process.env.CFDB_CACHE_DIR ?? join(repoRoot, '.data', 'cache');
}
