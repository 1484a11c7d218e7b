import { withClient } from '../db/client.ts';
import { environmentUrls, inCi } from '../db/environment.ts';
import { UserError } from '../lib/errors.ts';
import { deploy, printDryRun } from '../migrate/deploy.ts';
import { DEFAULT_LOCK_TIMEOUT, LOCK_TIMEOUT_VARIABLE, lockTimeoutMs } from '../migrate/lock.ts';
import { verifiedPlan } from '../migrate/plan.ts';
import { baselineDatabase } from '../drift/baseline.ts';
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
