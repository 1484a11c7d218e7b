import { parse } from 'pg-connection-string';
import { withClient } from '../db/client.ts';
import { environmentUrls } from '../db/environment.ts';
import { isLocalUrl } from '../db/local.ts';
import { formatDuration } from '../lib/duration.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { lockTimeoutMs } from '../migrate/lock.ts';
import { formatStep, loadSeed, tablesWithRows } from '../seed/load.ts';
import { DEFAULT_SCALE, parseAnchor, parseScale, parseSeed, seedPlan } from '../seed/plan.ts';
import type { Command } from './command.ts';
import { deploy } from '../migrate/deploy.ts';
import { withDatabases } from './session.ts';

export const DEFAULT_SEED = 1;

/** The people every seed has, for trying the app and the API as someone. */
export const fixedIdentities = ['alice@example.com', 'bob@example.com'] as const;

export const seedCommand: Command = {
  name: 'seed',
  summary: 'fill app_public with deterministic, realistic sample data (all 22 tables); alice@example.com and bob@example.com always exist',
  usage: 'cfdb seed [--scale <N|50k|1m>] [--seed <n>] [--anchor <date>] [--force]',
  details: [
    `--scale <N>      how many usage logs, every other table in proportion: one user per 100 (default ${DEFAULT_SCALE.toLocaleString('en')}: ${seedPlan(DEFAULT_SCALE).users} users); 1m = 1,000,000`,
    `--seed <n>       the same seed (default ${DEFAULT_SEED}) and anchor give the same rows`,
    '--anchor <date>  the "now" of the data: sessions stay valid 30 days after it, the newest requests are still queued (default: today, 00:00 UTC)',
    '--force          seed a DATABASE_URL that is not on this machine (localhost, 127.0.0.1, ::1 or a socket)',
    'Applies pending committed migrations first, as start does. Loads in one transaction as the owner, then analyzes.',
    'Seeds only a database without rows: the ledger and the usage log are append-only, so `npm run reset` first to start again.',
    'alice@example.com (Pro) owns the team "Acme Studio", in which bob@example.com (Team) is an Editor; alice has a public template.',
  ],
  options: {
    scale: { type: 'string' },
    seed: { type: 'string' },
    anchor: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(values) {
    // Validated before any connection is made.
    const scale = typeof values.scale === 'string' ? parseScale(values.scale) : DEFAULT_SCALE;
    const seed = typeof values.seed === 'string' ? parseSeed(values.seed) : DEFAULT_SEED;
    const anchor = parseAnchor(typeof values.anchor === 'string' ? values.anchor : undefined);
    refuseRemote(values.force === true);
    await withDatabases('seed', { applies: true }, async (connections, settings) => {
      await deploy(connections.databaseUrl, settings, lockTimeoutMs(undefined));
      await withClient(connections.databaseUrl, async (client) => {
        const filled = await tablesWithRows(client);
        if (filled.length > 0) {
          const names = filled.map((t) => t.replace(/^app_public\./, ''));
          throw new UserError(
            `seed refuses to add to a database that has data (rows in ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}); ` +
              'the ledger and usage log are append-only, so run `npm run reset` to start from an empty database, then seed.',
          );
        }
        log.step(`seed: seed ${seed}, scale ${scale.toLocaleString('en')}, anchor ${anchor.toISOString()}, into ${connections.source}`);
        const result = await loadSeed(client, { seed, scale, anchor, onStep: (step) => log.step(`seed: ${formatStep(step)}`) });
        const total = [...result.rows.values()].reduce((a, b) => a + b, 0);
        log.info(`seed: ${total.toLocaleString('en')} rows in ${result.rows.size} tables in ${formatDuration(result.ms)}`);
        const { rows } = await client.query<{ email: string; session: string; expires: Date }>(
          `select u.email, s.id as session, s.expires_at as expires from app_public.users u
           join app_public.sessions s on s.user_id = u.id
           where u.email = any($1) and s.expires_at > $2 order by u.email`,
          [fixedIdentities, anchor],
        );
        for (const row of rows) log.info(`seed: ${row.email}: session ${row.session} (valid until ${row.expires.toISOString().slice(0, 10)})`);
      });
    });
  },
};

/** One line naming the host: a seed writes thousands of rows, so only this machine's servers get them without --force. */
function refuseRemote(force: boolean): void {
  const url = environmentUrls()?.databaseUrl;
  if (!url || force || isLocalUrl(url)) return;
  throw new UserError(`seed refuses DATABASE_URL on ${parse(url).host ?? 'an unknown host'}: it is not on this machine; pass --force to seed it anyway.`);
}
