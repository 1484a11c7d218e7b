import { withClient } from '../db/client.ts';
import type { Connections } from '../db/connections.ts';
import { describeSession, sessionsOn } from '../db/sessions.ts';
import { confirm, isTerminal } from '../lib/confirm.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { reset } from '../migrate/graphile.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

export const resetCommand: Command = {
  name: 'reset',
  summary: 'drop and recreate the database, then apply every committed migration (development only: erases data)',
  usage: 'cfdb reset [--shadow] [--yes] [--force]',
  details: [
    '--shadow  reset the shadow database instead of the main one',
    '--yes     do not ask first (on a terminal, reset names the database and server and asks)',
    '--force   allow any server but the embedded one (DATABASE_URL set), whatever its host name: a local',
    '          address may be a tunnel to production (refused otherwise, before connecting)',
    'Refuses while other sessions use the database (a running `npm run dev` or `watch`): stop them first.',
  ],
  options: { shadow: { type: 'boolean' }, yes: { type: 'boolean' }, force: { type: 'boolean' } },
  async run(values) {
    const shadow = values.shadow === true;
    const needs = { root: true, shadow, erases: shadow ? [] : ['DATABASE_URL' as const], force: values.force === true, applies: true };
    await withDatabases('reset', needs, async (connections, settings) => {
      const target = describeTarget(connections, shadow);
      await refuseWhileInUse(connections, target.database);
      if (values.yes !== true && isTerminal()) {
        const erase = await confirm(`reset: drop database "${target.database}" on ${target.server}, losing its data, and rebuild it from the committed migrations?`);
        if (!erase) throw new UserError(`reset cancelled: database "${target.database}" was left as it was.`);
      }
      await reset(settings, shadow);
      log.info(`reset: ${shadow ? 'shadow' : 'main'} database "${target.database}" on ${target.server} recreated and every committed migration applied`);
    });
  },
};

/** The database reset erases, and its server as people should recognise it. */
function describeTarget(connections: Connections, shadow: boolean): { database: string; server: string } {
  const url = new URL((shadow ? connections.shadowUrl : connections.databaseUrl) ?? '');
  const address = `${url.hostname}${url.port ? `:${url.port}` : ''}`;
  return {
    database: decodeURIComponent(url.pathname.slice(1)),
    server: connections.source === 'embedded' ? `the embedded server (${address})` : address,
  };
}

/** PostgreSQL cannot drop a database others are connected to; say who they are, and how to stop the usual one. */
async function refuseWhileInUse(connections: Connections, database: string): Promise<void> {
  const sessions = await withClient(connections.rootUrl ?? '', (client) => sessionsOn(client, database));
  if (sessions.length === 0) return;
  throw new UserError(
    `database "${database}" is in use by ${sessions.length} other session${sessions.length === 1 ? '' : 's'} ` +
      `(${sessions.map(describeSession).join(', ')}); stop \`npm run dev\` or \`npm run watch\` (Ctrl-C in its terminal) and anything else connected to it, then reset again.`,
  );
}
