import { liveDrift } from '../drift/live.ts';
import { formatDriftLine } from '../drift/report.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { appliedMigrations } from '../migrate/history.ts';
import { committedMigrations } from '../migrate/migration-file.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

export const driftCommand: Command = {
  name: 'drift',
  summary: 'compare a live database with the schema the committed migrations build; exit 1 on any difference',
  usage: 'cfdb drift',
  details: [
    'Live database: DATABASE_URL, otherwise the embedded dev database (where current.sql work shows as drift).',
    'Reference: a scratch database built from migrations/committed, on the server of ROOT_DATABASE_URL when set,',
    'otherwise on the embedded PostgreSQL (started for the run), so nothing is created on the live server.',
    'Either way the live database is only read: a read-only role is enough.',
    'Compares the catalog fingerprints of app_public and app_private (graphile_migrate is ignored) and prints',
    'one line per difference: object, then expected (from the migrations) and found (in the live database).',
  ],
  async run() {
    await withDatabases('drift', {}, async (connections) => {
      const live = connections.databaseUrl;
      const lines = await liveDrift(connections, 'drift', async (client) => noteUnappliedHistory(await appliedMigrations(client)));
      if (lines.length === 0) {
        const count = committedMigrations().length;
        log.info(`drift: no drift: ${live} matches what the ${count} committed migration${count === 1 ? ' builds' : 's build'} (app_public, app_private)`);
        return;
      }
      lines.forEach((line) => log.info(formatDriftLine(line)));
      const objects = new Set(lines.map((line) => line.object)).size;
      throw new UserError(
        `${objects} object${objects === 1 ? '' : 's'} in ${live} differ from what the committed migrations build; ` +
          'put intended changes in a migration (current.sql, then commit), or undo the ones made by hand.',
      );
    });
  },
};

/** Says so when the live database has not had every committed migration, or has had ones this checkout lacks. */
function noteUnappliedHistory(applied: string[]): void {
  const committed = committedMigrations();
  const pending = committed.filter((m) => !applied.includes(m.recordedAs)).map((m) => m.file);
  const unknown = applied.filter((name) => !committed.some((m) => m.recordedAs === name));
  if (pending.length > 0) {
    log.step(`drift: note: ${pending.length} committed migrations are not applied yet (${pending.join(', ')}); their changes show as drift until \`npm run migrate\``);
  }
  if (unknown.length > 0) {
    log.step(`drift: note: the database records migrations this checkout lacks (${unknown.join(', ')}); their changes show as drift; compare from an up-to-date checkout`);
  }
}
