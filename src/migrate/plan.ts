import type pg from 'pg';
import { UserError } from '../lib/errors.ts';
import { committedMigrationsDir, displayPath } from '../lib/paths.ts';
import { existingTables, unadoptedDatabase } from './adoption.ts';
import { appliedRecords, type AppliedMigration } from './history.ts';
import { migrationHash, readCommittedFiles, type CommittedFile } from './migration-file.ts';

/**
 * What `migrate` will do, once the history is verified: graphile-migrate only
 * checks the hash of a migration it is about to run, never of those it ran
 * before (its issue 145), so an applied migration edited, renamed or deleted
 * afterwards would go unnoticed. Before anything is applied:
 *
 *   - every row of graphile_migrate.migrations has its committed file, under
 *     the same number, whose body still hashes (graphile-migrate's own hash,
 *     chained on the previous one) to the recorded hash, and which follows the
 *     recorded previous hash;
 *   - the applied migrations are the first committed ones, with no gap;
 *   - every pending file still matches its own Hash header, so a run cannot
 *     stop halfway on a tampered file after applying the ones before it;
 *   - a database with no history has no tables yet, as the first migration
 *     drops its schemas (src/migrate/adoption.ts).
 */
export interface MigrationPlan {
  applied: AppliedMigration[];
  /** Committed migrations not applied yet, in the order they will run. */
  pending: CommittedFile[];
}

/** Reads the plan without changing anything, and refuses (UserError) when the history does not verify. */
export async function verifiedPlan(client: pg.Client): Promise<MigrationPlan> {
  const committed = readCommittedFiles();
  const applied = await appliedRecords(client);
  const [first, ...more] = historyProblems(applied, committed);
  if (first !== undefined) {
    throw new UserError(`${first}${more.length ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''} with the migration history)` : ''}.`);
  }
  const oldest = committed[0];
  if (applied.length === 0 && oldest) {
    const tables = await existingTables(client);
    if (tables > 0) throw unadoptedDatabase(tables, oldest);
  }
  const done = new Set(applied.map((a) => a.filename));
  return { applied, pending: committed.filter((m) => !done.has(m.filename)) };
}

/** One line per problem, each naming the file and what to do; empty when the history verifies. */
export function historyProblems(applied: AppliedMigration[], committed: CommittedFile[]): string[] {
  const problems: string[] = [];
  const byName = new Map(committed.map((m) => [m.filename, m]));
  for (const record of applied) {
    const file = byName.get(record.filename);
    const moved = committed.find((m) => m !== file && m.hash === record.hash);
    if (moved) {
      problems.push(
        `${displayPath(moved.fullPath)} holds the migration applied as ${record.filename} (hash ${record.hash}): ` +
          'committed migrations were renumbered after they were applied; restore their names from git',
      );
    } else if (!file) {
      problems.push(
        `${displayPath(committedMigrationsDir)} has no file for ${record.filename}, which graphile_migrate.migrations records as applied ` +
          `(hash ${record.hash}); restore the file from git, or deploy from a checkout that has it`,
      );
    } else if (file.hash !== record.hash || contentHash(file) !== record.hash) {
      const onDisk = contentHash(file) !== record.hash ? contentHash(file) : file.hash;
      problems.push(
        `${displayPath(file.fullPath)} was edited after it was applied (hash ${record.hash} recorded, ${onDisk} on disk); ` +
          'restore it from git and put the change in a new migration',
      );
    } else if (file.previousHash !== record.previousHash) {
      problems.push(
        `${displayPath(file.fullPath)} follows ${file.previousHash ?? 'no migration'} but graphile_migrate.migrations records it ` +
          `after ${record.previousHash ?? 'no migration'}; restore the file from git, or repair that row`,
      );
    }
  }
  const done = new Set(applied.map((a) => a.filename));
  const latest = applied.at(-1);
  for (const file of committed.filter((m) => !done.has(m.filename))) {
    if (latest && file.filename < latest.filename) {
      problems.push(
        `${displayPath(file.fullPath)} was never applied although the later ${latest.filename} was, so migrate would skip it for good; ` +
          'commit its change again as a new migration after the latest applied one',
      );
    } else if (contentHash(file) !== file.hash) {
      problems.push(
        `${displayPath(file.fullPath)} was edited after it was committed (Hash header ${file.hash}, ${contentHash(file)} computed from its body); ` +
          'restore it from git and put the change in a new migration',
      );
    }
  }
  return problems;
}

/** The hash graphile-migrate records for a file: its body's, unless the file opts out with --! AllowInvalidHash. */
function contentHash(file: CommittedFile): string {
  return file.allowInvalidHash ? file.hash : migrationHash(file.body, file.previousHash);
}
