import { status } from 'graphile-migrate';
import { withClient } from '../db/client.ts';
import { log } from '../lib/log.ts';
import { appliedMigrations } from '../migrate/history.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show applied and pending migrations, and whether current.sql holds uncommitted work',
  usage: 'cfdb status',
  async run() {
    await withDatabases('status', {}, async (connections, settings) => {
      const applied = await withClient(connections.databaseUrl, appliedMigrations);
      const { remainingMigrations = [], hasCurrentMigration } = await status(settings);
      log.info(`status: ${applied.length} migrations applied${applied.length ? ` (latest ${applied[applied.length - 1]})` : ''}`);
      log.info(
        remainingMigrations.length === 0
          ? 'status: no committed migration is pending'
          : `status: ${remainingMigrations.length} pending: ${remainingMigrations.join(', ')}; run \`npm run migrate\``,
      );
      log.info(
        hasCurrentMigration
          ? 'status: migrations/current.sql has uncommitted changes; `npm run commit -- -m "…"` when ready'
          : 'status: migrations/current.sql is blank',
      );
    });
  },
};
