import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file rather than the working directory so commands work from any folder. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const migrationsDir = join(repoRoot, 'migrations');
export const currentMigrationPath = join(migrationsDir, 'current.sql');
export const committedMigrationsDir = join(migrationsDir, 'committed');
export const gmrcPath = join(repoRoot, '.gmrc');
