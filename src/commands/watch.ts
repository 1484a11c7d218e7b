import { watch } from 'graphile-migrate';
import { withLoopLock } from '../dev/loop-lock.ts';
import { currentSqlFailure } from '../migrate/errors.ts';
import { log } from '../lib/log.ts';
import type { Command } from './command.ts';
import { untilInterrupted, withDatabases } from './session.ts';

export const watchCommand: Command = {
  name: 'watch',
  summary: 'apply pending migrations, then re-run migrations/current.sql on every save (development)',
  usage: 'cfdb watch [--once]',
  details: [
    'Stop with Ctrl-C; the embedded server stops with it and keeps its data.',
    'One loop per database: refuses while `dev` or another `watch` runs on the same database, naming it.',
  ],
  options: { once: { type: 'boolean' } },
  async run(values) {
    await withDatabases(
      'watch',
      { reportErrors: values.once !== true, applies: true },
      (connections, settings) =>
        withLoopLock(connections.databaseUrl, 'watch', async () => {
          if (values.once) {
            await watch(settings, true).catch((error: unknown) => {
              throw currentSqlFailure(error);
            });
            log.info('watch: migrations/current.sql applied');
            return;
          }
          await watch(settings, false);
          log.info('watch: watching migrations/current.sql; Ctrl-C to stop');
          await untilInterrupted('watch');
        }),
    );
  },
};

