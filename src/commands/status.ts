import { withClient } from '../db/client.ts';
import { log } from '../lib/log.ts';
import { appliedMigrations, committedMigrations, currentHasWork } from '../migrate/history.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show applied and pending migrations, and whether current.sql holds uncommitted work',
  usage: 'cfdb status',
  // graphile-migrate's own status insists on a shadow database; this needs only the main one.
  async run() {
    await withDatabases('status', {}, async (connections) => {
      const applied = new Set(await withClient(connections.databaseUrl, appliedMigrations));
      const committed = committedMigrations();
      const done = committed.filter((m) => applied.has(m.recordedAs)).map((m) => m.file);
      const pending = committed.filter((m) => !applied.has(m.recordedAs)).map((m) => m.file);
      log.info(`status: ${done.length} migrations applied${done.length ? ` (latest ${done[done.length - 1]})` : ''}`);
      log.info(
        pending.length === 0
          ? 'status: no committed migration is pending'
          : `status: ${pending.length} pending: ${pending.join(', ')}; run \`npm run migrate\``,
      );
      log.info(
        currentHasWork()
          ? 'status: migrations/current.sql has uncommitted changes; `npm run commit -- -m "…"` when ready'
          : 'status: migrations/current.sql is blank',
      );
    });
  },
};
