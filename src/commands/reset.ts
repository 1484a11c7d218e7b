import { reset } from 'graphile-migrate';
import { isLocalUrl } from '../db/local.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { maskSecrets } from '../lib/mask.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

/** The URL reset would erase, when it comes from the environment (the embedded server is always local). */
function environmentTarget(shadow: boolean): string | undefined {
  if (!process.env.DATABASE_URL?.trim()) return undefined;
  return (shadow ? process.env.SHADOW_DATABASE_URL : process.env.DATABASE_URL)?.trim();
}

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
    // Decided before any connection is made: a refused reset must not even touch the server.
    const target = environmentTarget(shadow);
    if (target && !isLocalUrl(target) && values.force !== true) {
      throw new UserError(`reset refuses to erase ${maskSecrets(target)}: it is not on this machine; pass --force if you really mean to drop it.`);
    }
    await withDatabases('reset', { root: true, shadow }, async (_connections, settings) => {
      await reset(settings, shadow);
      log.info(`reset: ${shadow ? 'shadow' : 'main'} database recreated and every committed migration applied`);
    });
  },
};
