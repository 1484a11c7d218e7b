import { watch } from 'graphile-migrate';
import { log } from '../lib/log.ts';
import type { Command } from './command.ts';
import { untilInterrupted, withDatabases } from './session.ts';

export const watchCommand: Command = {
  name: 'watch',
  summary: 'apply pending migrations, then re-run migrations/current.sql on every save (development)',
  usage: 'cfdb watch [--once]',
  details: ['Stop with Ctrl-C; the embedded server stops with it and keeps its data.'],
  options: { once: { type: 'boolean' } },
  async run(values) {
    await withDatabases('watch', { reportErrors: values.once !== true, applies: true }, async (_connections, settings) => {
      if (values.once) {
        await watch(settings, true);
        log.info('watch: migrations/current.sql applied');
        return;
      }
      await watch(settings, false);
      log.info('watch: watching migrations/current.sql; Ctrl-C to stop');
      await untilInterrupted('watch');
    });
  },
};

