import { log } from '../lib/log.ts';
import { displayPath, currentMigrationPath } from '../lib/paths.ts';
import { UserError } from '../lib/errors.ts';
import { currentHasWork } from '../migrate/history.ts';
import { committedMigrations } from '../migrate/migration-file.ts';
import { currentSqlFailure } from '../migrate/errors.ts';
import { applyCurrentOnce, uncommit } from '../migrate/graphile.ts';
import { logSchemaChange } from '../migrate/log-schema-change.ts';
import { shadowSchema } from '../migrate/shadow.ts';
import type { Command } from './command.ts';
import { regenerate } from '../generate/regenerate.ts';
import { withDatabases } from './session.ts';

export const uncommitCommand: Command = {
  name: 'uncommit',
  summary: 'move the latest committed migration back into migrations/current.sql for rework (never one that was deployed)',
  usage: 'cfdb uncommit',
  details: [
    'Then runs current.sql on the dev database, as `dev` would, regenerates every artifact from it, and prints',
    'what current.sql now changes compared with the remaining committed migrations.',
  ],
  async run() {
    const latest = committedMigrations().at(-1)?.file;
    if (latest === undefined) throw new UserError('there is no committed migration to uncommit.');
    if (currentHasWork()) {
      throw new UserError(`${displayPath(currentMigrationPath)} holds uncommitted work; commit it or move it aside before uncommitting ${latest}.`);
    }
    await withDatabases('uncommit', { shadow: true, root: true, applies: true }, async (connections, settings) => {
      await uncommit(settings);
      log.info(`uncommit: moved ${latest} back into ${displayPath(currentMigrationPath)}`);
      await applyCurrentOnce(settings).catch((error: unknown) => {
        throw currentSqlFailure(error);
      });
      const working = await regenerate(connections.databaseUrl, 'uncommit');
      logSchemaChange('uncommit', 'current.sql changes', await shadowSchema(connections), working);
      log.info('uncommit: rework it with `npm run dev` running, then commit again');
    });
  },
};
