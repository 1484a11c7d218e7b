import { uncommit } from 'graphile-migrate';
import { log } from '../lib/log.ts';
import { committedMigrations } from '../migrate/history.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

export const uncommitCommand: Command = {
  name: 'uncommit',
  summary: 'move the latest committed migration back into migrations/current.sql for rework (never one that was deployed)',
  usage: 'cfdb uncommit',
  async run() {
    await withDatabases('uncommit', { root: true }, async (_connections, settings) => {
      const latest = committedMigrations().pop()?.file;
      await uncommit(settings);
      log.info(`uncommit: moved ${latest} back into current.sql for rework`);
    });
  },
};
