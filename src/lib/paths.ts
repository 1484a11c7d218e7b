import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file rather than the working directory so commands work from any folder. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** CFDB_MIGRATIONS_DIR lets tests and tools work on a copy of the migrations instead of the checkout's own. */
export const migrationsDir = process.env.CFDB_MIGRATIONS_DIR ?? join(repoRoot, 'migrations');
export const currentMigrationPath = join(migrationsDir, 'current.sql');
export const committedMigrationsDir = join(migrationsDir, 'committed');
export const gmrcPath = join(repoRoot, '.gmrc');
/** The domain map the ERD and docs are grouped by; CFDB_DOMAINS_FILE lets tests edit a copy. */
export const domainsPath = process.env.CFDB_DOMAINS_FILE ?? join(repoRoot, 'src', 'model', 'domains.json5');

/** A path as people should see it: relative inside the checkout, absolute outside it. */
export function displayPath(path: string): string {
  const rel = relative(repoRoot, path);
  return rel.startsWith('..') ? path : rel;
}

/** Where generated files are read and written; CFDB_OUTPUT_DIR points tests at a copy of the tree. */
export const outputRoot = process.env.CFDB_OUTPUT_DIR ?? repoRoot;

/** Rebuildable results kept between runs (rendered PNGs); CFDB_CACHE_DIR moves it, and deleting it is always safe. */
export function cacheDir(): string {
  return process.env.CFDB_CACHE_DIR ?? join(repoRoot, '.data', 'cache');
}
