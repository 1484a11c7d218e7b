import { currentSqlFailure } from '../migrate/errors.ts';
import { applyCurrentOnce, watchCurrent } from '../migrate/graphile.ts';
import { log } from '../lib/log.ts';
import type { Command } from './command.ts';
import { untilInterrupted, withLoop } from './session.ts';

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
    await withLoop('watch', { reportErrors: values.once !== true }, async (_connections, settings) => {
      if (values.once) {
        await applyCurrentOnce(settings).catch((error: unknown) => {
          throw currentSqlFailure(error);
        });
        log.info('watch: migrations/current.sql applied');
        return;
      }
      await watchCurrent(settings);
      log.info('watch: watching migrations/current.sql; Ctrl-C to stop');
      await untilInterrupted('watch');
    });
  },
};
