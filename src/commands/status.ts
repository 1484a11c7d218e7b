import { withClient } from '../db/client.ts';
import { log } from '../lib/log.ts';
import { currentHasWork, migrationFile } from '../migrate/history.ts';
import { verifiedPlan } from '../migrate/plan.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show applied and pending migrations, and whether current.sql holds uncommitted work',
  usage: 'cfdb status',
  details: [
    'Verifies the applied history as `migrate` does: an applied migration that was edited, renamed or removed',
    'since is named, and status exits 1.',
  ],
  // graphile-migrate's own status insists on a shadow database; this needs only the main one.
  async run() {
    await withDatabases('status', {}, async (connections) => {
      // The same check migrate makes before it applies anything, so status never calls pending what migrate refuses.
      const plan = await withClient(connections.databaseUrl, (client) => verifiedPlan(client));
      const latest = plan.applied.at(-1);
      log.info(`status: ${plan.applied.length} migrations applied${latest ? ` (latest ${migrationFile(latest.filename)})` : ''}`);
      log.info(
        plan.pending.length === 0
          ? 'status: no committed migration is pending'
          : `status: ${plan.pending.length} pending: ${plan.pending.map((m) => m.realFilename).join(', ')}; run \`npm run migrate\``,
      );
      log.info(
        currentHasWork()
          ? 'status: migrations/current.sql has uncommitted changes; `npm run commit -- -m "…"` when ready'
          : 'status: migrations/current.sql is blank',
      );
    });
  },
};
