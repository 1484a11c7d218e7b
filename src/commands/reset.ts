import { reset } from 'graphile-migrate';
import { log } from '../lib/log.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

export const resetCommand: Command = {
  name: 'reset',
  summary: 'drop and recreate the database, then apply every committed migration (development only: erases data)',
  usage: 'cfdb reset [--shadow] [--force]',
  details: [
    '--shadow  reset the shadow database instead of the main one',
    '--force   allow a server that is not on this machine: the database reset, or ROOT_DATABASE_URL,',
    '          through which it is dropped (refused otherwise, before connecting)',
  ],
  options: { shadow: { type: 'boolean' }, force: { type: 'boolean' } },
  async run(values) {
    const shadow = values.shadow === true;
    const needs = { root: true, shadow, erases: shadow ? [] : ['DATABASE_URL' as const], force: values.force === true, applies: true };
    await withDatabases('reset', needs, async (_connections, settings) => {
      await reset(settings, shadow);
      log.info(`reset: ${shadow ? 'shadow' : 'main'} database recreated and every committed migration applied`);
    });
  },
};
