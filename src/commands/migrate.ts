import { migrate } from 'graphile-migrate';
import { withClient } from '../db/client.ts';
import { log } from '../lib/log.ts';
import { appliedMigrations, migrationFile } from '../migrate/history.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply every committed migration the database has not had yet (the production deploy command)',
  usage: 'cfdb migrate',
  details: ['Uses DATABASE_URL when set, otherwise the embedded PostgreSQL.'],
  async run() {
    await withDatabases('migrate', {}, async (connections, settings) => {
      const before = await withClient(connections.databaseUrl, appliedMigrations);
      await migrate(settings);
      const after = await withClient(connections.databaseUrl, appliedMigrations);
      const applied = after.filter((name) => !before.includes(name)).map((name) => migrationFile(name));
      log.info(
        applied.length === 0
          ? `migrate: already up to date (${after.length} migrations applied)`
          : `migrate: applied ${applied.join(', ')}; ${after.length} migrations applied in all`,
      );
    });
  },
};
