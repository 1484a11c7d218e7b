import { existsSync, readFileSync } from 'node:fs';
import { withRolePlaceholders } from '../db/roles.ts';
import { currentMigrationPath } from '../lib/paths.ts';
import { committedMigrations, isNoTransaction, parseMigrationText } from '../migrate/migration-file.ts';

/** A migration file to lint, and whether graphile-migrate wraps it in a transaction. */
export interface LintTarget {
  path: string;
  text: string;
  /** False for a `--! no-transaction` migration, which graphile-migrate runs outside a transaction. */
  inTransaction: boolean;
  committed: boolean;
}

/** Every committed migration, oldest first, then current.sql (when there is one). */
export function lintTargets(): LintTarget[] {
  const committed = committedMigrations().map((m) => target(m.path, true));
  return existsSync(currentMigrationPath) ? [...committed, target(currentMigrationPath, false)] : committed;
}

function target(path: string, committed: boolean): LintTarget {
  // squawk cannot parse a placeholder where a role name belongs.
  const text = withRolePlaceholders(readFileSync(path, 'utf8'));
  // graphile-migrate's own reading: `--! no-transaction` is the first line of the body, under any `--! Key:` headers.
  const { body } = parseMigrationText(path, text, false);
  return { path, text, inTransaction: !isNoTransaction(body), committed };
}

