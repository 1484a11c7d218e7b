import { withClient } from '../db/client.ts';
import { ensureRoles } from '../db/roles.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { displayPath } from '../lib/paths.ts';
import { describeMigrationError, isDatabaseError } from './errors.ts';
import { migrate, migrateLockHolder, type Settings } from './graphile.ts';
import { appliedMigrations } from './history.ts';
import { withDeployLock } from './lock.ts';
import { isNoTransaction, type CommittedFile } from './migration-file.ts';
import { verifiedPlan, type MigrationPlan } from './plan.ts';

/**
 * Steps 1–4 of `migrate` (src/commands/migrate.ts) for the database at url: what `migrate` runs, and `start` too,
 * so the main job never bypasses the lock or the history check.
 */
export async function deploy(url: string, settings: Settings, timeoutMs: number): Promise<void> {
  await withDeployLock(url, timeoutMs, progress, async () => {
    const plan = await withClient(url, (client) => verifiedPlan(client));
    if (plan.pending.length === 0) {
      log.info(`migrate: already up to date (${plan.applied.length} migrations applied)`);
      return;
    }
    // Before anything is applied: the migrations grant to these roles, and a missing one that may not be created stops here.
    await ensureRoles(url);
    await applyPending(url, settings, plan);
  });
}

function progress(message: string): void {
  log.step(`migrate: ${message}`);
}

async function applyPending(url: string, settings: Settings, plan: MigrationPlan): Promise<void> {
  try {
    await migrate(settings);
  } catch (error) {
    throw await failure(error, url, plan);
  }
  const applied = new Set(await withClient(url, appliedMigrations));
  const ran = plan.pending.filter((m) => applied.has(m.filename)).map((m) => m.realFilename);
  log.info(`migrate: applied ${ran.join(', ')}; ${applied.size} migrations applied in all`);
}

/**
 * One line for a run that stopped: where it failed (file:line and statement when
 * PostgreSQL gives a position), then what the database now holds. graphile-migrate
 * commits each migration on its own, so the ones before the failure stay applied.
 */
async function failure(error: unknown, url: string, plan: MigrationPlan): Promise<Error> {
  // graphile-migrate's own try-lock, held by something outside the deploy lock (watch, start, commit, its CLI):
  // told by the server, which says who holds it, not by graphile-migrate's wording.
  if (!isDatabaseError(error) && (await migrateLockHolder(url)) !== undefined) {
    return new UserError(
      "graphile-migrate's own lock on this database is held by another process (cfdb watch, start or commit, or the graphile-migrate CLI); " +
        'nothing was applied: let it finish and run migrate again.',
      { cause: error },
    );
  }
  const applied = new Set(await withClient(url, appliedMigrations));
  const done = plan.pending.filter((m) => applied.has(m.filename));
  const [failed, ...notRun] = plan.pending.filter((m) => !applied.has(m.filename));
  // Every migration applied: what failed came after them (an afterAllMigrations action), and says so itself.
  if (!failed) return error instanceof Error ? error : new Error(String(error));
  const outcome = [
    outcomeOf(failed),
    done.length > 0 ? `applied before it: ${names(done)}` : 'nothing else was applied',
    ...(notRun.length > 0 ? [`not run: ${names(notRun)}`] : []),
  ];
  return new UserError(`${describeMigrationError(error, failed.fullPath)}; ${outcome.join('; ')}; fix the cause and run migrate again.`, { cause: error });
}

function outcomeOf(failed: CommittedFile): string {
  return isNoTransaction(failed.body)
    ? // PostgreSQL still runs a multi-statement file as one implicit transaction; a lone statement such as
      // CREATE INDEX CONCURRENTLY is not undone, and leaves an invalid index when it fails.
      `${failed.realFilename} ran outside a transaction (--! no-transaction): check for what it left behind, such as an invalid index`
    : `${failed.realFilename} was rolled back`;
}

function names(migrations: CommittedFile[]): string {
  return migrations.map((m) => m.realFilename).join(', ');
}

/**
 * The pending migrations as committed: placeholders stay unreplaced, since
 * their values may come from the environment and be secret.
 */
export function printDryRun(plan: MigrationPlan): void {
  for (const migration of plan.pending) {
    const how = isNoTransaction(migration.body) ? 'without a transaction (--! no-transaction)' : 'in one transaction';
    log.info(`-- ${displayPath(migration.fullPath)} would run ${how}:`);
    log.info(`${migration.body.trimEnd()}\n`);
  }
  log.info(
    plan.pending.length === 0
      ? `migrate: dry run: already up to date (${plan.applied.length} migrations applied); nothing would run`
      : `migrate: dry run: ${plan.pending.length} pending: ${names(plan.pending)}; nothing was applied`,
  );
}
