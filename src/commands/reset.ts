import { reset } from 'graphile-migrate';
import { isLocalUrl } from '../db/local.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { maskSecrets } from '../lib/mask.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

export const resetCommand: Command = {
  name: 'reset',
  summary: 'drop and recreate the database, then apply every committed migration (development only: erases data)',
  usage: 'cfdb reset [--shadow] [--force]',
  details: [
    '--shadow  reset the shadow database instead of the main one',
    '--force   allow a server that is not on this machine (refused otherwise)',
  ],
  options: { shadow: { type: 'boolean' }, force: { type: 'boolean' } },
  async run(values) {
    const shadow = values.shadow === true;
    await withDatabases('reset', { root: true, shadow }, async (connections, settings) => {
      const target = shadow ? connections.shadowUrl : connections.databaseUrl;
      if (!target) throw new UserError('reset: no database to reset.');
      if (!isLocalUrl(target) && values.force !== true) {
        throw new UserError(
          `reset refuses to erase ${maskSecrets(target)}: it is not on this machine; pass --force if you really mean to drop it.`,
        );
      }
      await reset(settings, shadow);
      log.info(`reset: ${shadow ? 'shadow' : 'main'} database recreated and every committed migration applied`);
    });
  },
};
