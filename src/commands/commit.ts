import { acceptFindingHint, formatFinding, lintMigrations } from '../lint/lint.ts';
import { lintTargets } from '../lint/targets.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { join } from 'node:path';
import { committedMigrationsDir, currentMigrationPath, displayPath, outputRoot } from '../lib/paths.ts';
import { currentHasWork } from '../migrate/history.ts';
import { committedMigrations } from '../migrate/migration-file.ts';
import { currentSqlFailure } from '../migrate/errors.ts';
import { commit, reset } from '../migrate/graphile.ts';
import { logSchemaChange } from '../migrate/log-schema-change.ts';
import { migrateSettings } from '../migrate/settings.ts';
import { shadowOf, shadowSchema } from '../migrate/shadow.ts';
import type { Command } from './command.ts';
import { regenerate } from '../generate/regenerate.ts';
import { withDatabases } from './session.ts';
import { apiFilesAt, isGitRepository } from '../breaking/git-files.ts';
import { apiChanges, logApiChanges, readApiFiles } from '../breaking/report.ts';

const committedFiles = (): string[] => committedMigrations().map((m) => m.file);

/**
 * Lints current.sql, which becomes the committed file as it is, and refuses
 * on any finding before anything reaches migrations/committed or a database:
 * the fix goes into current.sql, and a committed file could only be uncommitted.
 */
function refuseLintFindings(): void {
  const findings = lintMigrations(lintTargets().filter((t) => !t.committed));
  findings.forEach((f) => log.error(`commit: ${formatFinding(f)}`));
  if (findings.length > 0) {
    throw new UserError(
      `${findings.length} lint finding${findings.length === 1 ? '' : 's'} in ${displayPath(currentMigrationPath)}; nothing was committed: ` +
        `fix current.sql (or ${acceptFindingHint}), then commit again.`,
    );
  }
  log.step(`commit: lint found nothing to fix in ${displayPath(currentMigrationPath)}`);
}

export const commitCommand: Command = {
  name: 'commit',
  summary: 'turn migrations/current.sql into the next numbered, hash-chained migration (proved on the shadow database first)',
  usage: 'cfdb commit [-m message]',
  details: [
    'First lints current.sql (as `cfdb lint` does) and refuses on any finding, before anything is written or run:',
    'fix current.sql, or accept a finding with `-- squawk-ignore <rule>: <reason>` on the line above the statement.',
    'Then regenerates every artifact from the committed migrations (the shadow database), and prints the new file',
    'and the tables and columns it adds, changes or removes, then the changes to schema.graphql and db.ts that break',
    'their consumers (a removed type, field, enum value or export, an input that became required, a changed type).',
  ],
  options: { message: { type: 'string', short: 'm' } },
  async run(values) {
    const message = typeof values.message === 'string' ? values.message : undefined;
    if (message !== undefined && message.includes('\n')) throw new UserError('commit: the -m message must be one line.');
    if (!currentHasWork()) {
      throw new UserError(`${displayPath(currentMigrationPath)} holds no SQL, so there is nothing to commit; write the change there first (see docs/workflow.md).`);
    }
    refuseLintFindings();
    await withDatabases('commit', { shadow: true, root: true, applies: true }, async (connections, settings) => {
      // The committed state before this commit, for the summary.
      await reset(migrateSettings(connections, { info: () => undefined }), true);
      const before = await shadowSchema(connections);
      const existing = new Set(committedFiles());
      await commit(settings, message).catch((error: unknown) => {
        throw currentSqlFailure(error);
      });
      const added = committedFiles().filter((f) => !existing.has(f));
      // The committed files (git HEAD): under `dev` the tree already holds current.sql's output before this regenerates.
      const previousApi = isGitRepository(outputRoot) ? apiFilesAt(outputRoot, 'HEAD') : readApiFiles(outputRoot);
      // graphile-migrate left the shadow database with every committed migration, the new one included.
      const after = await regenerate(shadowOf(connections), 'commit');
      log.info(`commit: wrote ${added.map((f) => displayPath(join(committedMigrationsDir, f))).join(', ')}; current.sql is blank again`);
      logSchemaChange('commit', 'schema change', before, after);
      logApiChanges('commit', isGitRepository(outputRoot) ? 'HEAD' : 'the files before this commit', await apiChanges(previousApi, readApiFiles(outputRoot)));
    });
  },
};
