import { withClient } from '../db/client.ts';
import { ensureRoles } from '../db/roles.ts';
import { environmentUrls, inCi } from '../db/environment.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { displayPath } from '../lib/paths.ts';
import { describeMigrationError, isDatabaseError } from '../migrate/errors.ts';
import { migrate, migrateLockHolder, type Settings } from '../migrate/graphile.ts';
import { appliedMigrations } from '../migrate/history.ts';
import { DEFAULT_LOCK_TIMEOUT, LOCK_TIMEOUT_VARIABLE, lockTimeoutMs, withDeployLock } from '../migrate/lock.ts';
import { isNoTransaction, type CommittedFile } from '../migrate/migration-file.ts';
import { verifiedPlan, type MigrationPlan } from '../migrate/plan.ts';
import { baselineDatabase } from './baseline.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

/**
 * The production deploy command. In order:
 *   1. take the deploy lock (src/migrate/lock.ts), waiting for a concurrent migrate;
 *   2. verify the history: every applied migration still matches its committed file (src/migrate/plan.ts);
 *   3. let graphile-migrate apply the pending migrations, each in its own transaction;
 *   4. print what was applied, or, on failure, which migration failed, where, and what did and did not apply.
 * --dry-run stops after step 2 (without the lock) and prints the pending SQL instead.
 * Progress goes to stderr as `migrate: …`; the one-line summary goes to stdout.
 */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply every committed migration the database has not had yet (the production deploy command)',
  usage: 'cfdb migrate [--dry-run | --baseline] [--lock-timeout <duration>] [--embedded]',
  details: [
    '--dry-run                  print the pending migrations and their SQL as committed; change nothing (takes no lock)',
    '--baseline                 adopt a database built another way: when it has no history and `drift` finds nothing,',
    '                           record every committed migration as applied without running it',
    `--lock-timeout <duration>  how long to wait while another migrate runs on the same database: 60s, 5m, 500ms`,
    `                           (a bare number is seconds; default ${DEFAULT_LOCK_TIMEOUT}, or ${LOCK_TIMEOUT_VARIABLE})`,
    'Uses DATABASE_URL when set, otherwise the embedded PostgreSQL; with CI set, only when --embedded says so',
    '(a deploy whose DATABASE_URL secret is missing fails instead of migrating a throwaway local database).',
    'Concurrent runs queue on a deploy lock: one applies, the others wait, then find the database up to date.',
    'Refuses to run when an applied migration was edited, renamed or deleted since (the recorded hashes must match the files).',
    'Each migration runs in its own transaction (unless it starts with --! no-transaction): one that fails leaves no trace,',
    'and the ones before it in the same run stay applied.',
    'Refuses a first run into a database that already has tables (the first migration would drop them): see --baseline.',
  ],
  options: { 'dry-run': { type: 'boolean' }, baseline: { type: 'boolean' }, 'lock-timeout': { type: 'string' }, embedded: { type: 'boolean' } },
  async run(values) {
    // Validated before any connection is made.
    if (inCi() && !environmentUrls() && values.embedded !== true) {
      throw new UserError('migrate refuses the embedded PostgreSQL when CI is set: DATABASE_URL is not set; set it to the database to deploy to, or pass --embedded to migrate the local one.');
    }
    const timeoutMs = lockTimeoutMs(typeof values['lock-timeout'] === 'string' ? values['lock-timeout'] : undefined);
    if (values['dry-run'] === true && values.baseline === true) throw new UserError('migrate: --dry-run and --baseline do different things; pass one of them.');
    await withDatabases('migrate', {}, async (connections, settings) => {
      const url = connections.databaseUrl;
      if (values['dry-run'] === true) {
        printDryRun(await withClient(url, (client) => verifiedPlan(client)));
        return;
      }
      if (values.baseline === true) {
        await baselineDatabase(connections, settings, timeoutMs);
        return;
      }
      await deploy(url, settings, timeoutMs);
    });
  },
};

/**
 * Steps 1–4 above for the database at url: what `migrate` runs, and `start` too,
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
function printDryRun(plan: MigrationPlan): void {
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
