import { withClient } from '../db/client.ts';
import type { Connections } from '../db/connections.ts';
import { liveDrift } from './live.ts';
import { formatDriftLine } from './report.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { recordAsApplied, type Settings } from '../migrate/graphile.ts';
import { appliedRecords } from '../migrate/history.ts';
import { withDeployLock } from '../migrate/lock.ts';
import { readCommittedFiles } from '../migrate/migration-file.ts';
import { historyProblems } from '../migrate/plan.ts';

/**
 * `migrate --baseline`: adopts a database built another way. Under the deploy
 * lock, it checks that the database has no history and no drift from what the
 * committed migrations build, then records every committed migration as
 * applied without running it (src/migrate/adoption.ts).
 */
export async function baselineDatabase(connections: Connections, settings: Settings, timeoutMs: number): Promise<void> {
  const url = connections.databaseUrl;
  await withDeployLock(url, timeoutMs, (message) => log.step(`migrate: ${message}`), async () => {
    const applied = await withClient(url, appliedRecords);
    if (applied.length > 0) {
      throw new UserError(
        `migrate --baseline: the database already records ${applied.length} applied migration${applied.length === 1 ? '' : 's'}; ` +
          'a baseline is only for a database with no history: run `npm run migrate` instead.',
      );
    }
    const committed = readCommittedFiles();
    const [problem] = historyProblems([], committed);
    if (problem !== undefined) throw new UserError(`${problem}.`);
    const lines = await liveDrift(connections, 'migrate');
    if (lines.length > 0) {
      lines.forEach((line) => log.info(formatDriftLine(line)));
      const objects = new Set(lines.map((line) => line.object)).size;
      throw new UserError(
        `migrate --baseline: ${objects} object${objects === 1 ? '' : 's'} differ from what the committed migrations build, so they cannot be recorded ` +
          'as applied; nothing was recorded: bring the database in line (see `npm run drift`), then baseline again.',
      );
    }
    await recordAsApplied(settings, committed);
    log.info(
      `migrate: baseline: recorded ${committed.map((m) => m.realFilename).join(', ')} as applied without running them; ` +
        'later migrations apply with `npm run migrate`',
    );
  });
}
