import { ensureRoles } from '../db/roles.ts';
import { withScratchDatabase } from '../db/scratch.ts';
import { compareArtifacts } from '../generate/compare.ts';
import { prepareGeneration } from '../generate/artifacts.ts';
import { readGeneratedFiles } from '../generate/files.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { outputRoot } from '../lib/paths.ts';
import { closePools, migrate } from '../migrate/graphile.ts';
import { migrateSettings } from '../migrate/settings.ts';
import type { Command } from './command.ts';
import { migrateOutput, withDatabases } from './session.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'fail if any committed generated file differs from what the committed migrations generate (CI)',
  usage: 'cfdb check',
  details: [
    'Builds a scratch database from migrations/committed only (never the dev database, which may hold',
    'current.sql work), generates every artifact in memory and compares it with the files on disk.',
    'With DATABASE_URL set it needs ROOT_DATABASE_URL to create that scratch database.',
  ],
  async run() {
    // Loads PostGraphile and codegen while the scratch database is built.
    const generation = prepareGeneration({ withCurrent: false });
    await withDatabases('check', { root: true }, async (connections) => {
      const rootUrl = connections.rootUrl ?? '';
      const diff = await withScratchDatabase(rootUrl, `${new URL(connections.databaseUrl).pathname.slice(1)}_check`, async (url) => {
        await ensureRoles(url);
        await migrate(migrateSettings({ ...connections, databaseUrl: url }, migrateOutput('check')));
        closePools();
        const { artifacts } = await generation(url);
        return compareArtifacts(artifacts, readGeneratedFiles(outputRoot));
      });
      const problems = [
        ...diff.missing.map((path) => `missing  ${path}`),
        ...diff.stale.map((path) => `stale    ${path}`),
        ...diff.orphaned.map((path) => `orphaned ${path}`),
      ];
      if (problems.length > 0) {
        problems.forEach((line) => log.error(`check: ${line}`));
        throw new UserError(`${problems.length} generated files are out of date; run \`npm run generate\` (after \`npm run migrate\`) and commit the result.`);
      }
      log.info(`check: all ${diff.unchanged.length} generated files match the committed migrations`);
    });
  },
};
