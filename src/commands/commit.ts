import { commit } from 'graphile-migrate';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { join } from 'node:path';
import { committedMigrationsDir, displayPath } from '../lib/paths.ts';
import { committedMigrations } from '../migrate/history.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

const committedFiles = (): string[] => committedMigrations().map((m) => m.file);

export const commitCommand: Command = {
  name: 'commit',
  summary: 'turn migrations/current.sql into the next numbered, hash-chained migration (proved on the shadow database first)',
  usage: 'cfdb commit [-m message]',
  options: { message: { type: 'string', short: 'm' } },
  async run(values) {
    const message = typeof values.message === 'string' ? values.message : undefined;
    if (message !== undefined && message.includes('\n')) throw new UserError('commit: the -m message must be one line.');
    await withDatabases('commit', { shadow: true, root: true }, async (_connections, settings) => {
      const before = new Set(committedFiles());
      await commit(settings, message);
      const added = committedFiles().filter((f) => !before.has(f));
      log.info(`commit: wrote ${added.map((f) => displayPath(join(committedMigrationsDir, f))).join(', ')}; current.sql is blank again`);
    });
  },
};
