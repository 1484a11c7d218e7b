import { withClient } from '../db/client.ts';
import { formatDuration } from '../lib/duration.ts';
import { log } from '../lib/log.ts';
import { appliedMigrations, migrationFile } from '../migrate/history.ts';
import type { Command } from './command.ts';
import { prepareGeneration } from '../generate/artifacts.ts';
import { regenerate } from '../generate/regenerate.ts';
import { deploy } from '../migrate/deploy.ts';
import { lockTimeoutMs } from '../migrate/lock.ts';
import { withDatabases } from './session.ts';

export const startCommand: Command = {
  name: 'start',
  summary: 'the main job: database up, committed migrations applied, every artifact regenerated, a summary printed',
  usage: 'cfdb start',
  async run() {
    const started = performance.now();
    // PostGraphile and codegen load on their thread while the database starts and the migrations run.
    const generation = prepareGeneration();
    await withDatabases('start', {}, async (connections, settings) => {
      // The same path as a production deploy: deploy lock, history check, one transaction per migration.
      await deploy(connections.databaseUrl, settings, lockTimeoutMs(undefined));
      await withClient(connections.databaseUrl, async (client) => {
        const applied = (await appliedMigrations(client)).map((name) => migrationFile(name));
        const { rows: [info] } = await client.query<{ version: string; tables: number }>(
          `select current_setting('server_version') as version,
                  (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'app_public' and c.relkind in ('r', 'p')) as tables`,
        );
        log.info(`PostgreSQL ${info?.version} (${connections.source})`);
        log.info(`migrations applied: ${applied.length ? applied.join(', ') : 'none'}`);
        log.info(`${info?.tables} tables in app_public`);
      });
      await regenerate(connections.databaseUrl, 'start', generation);
    });
    log.info(`done in ${formatDuration(performance.now() - started)}`);
  },
};
