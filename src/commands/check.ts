import { ensureRoles } from '../db/roles.ts';
import { withScratchDatabase } from '../db/scratch.ts';
import { compareArtifacts } from '../generate/compare.ts';
import { prepareGeneration } from '../generate/artifacts.ts';
import { readGeneratedFiles } from '../generate/files.ts';
import { apiFilesAt, isGitRepository } from '../breaking/git-files.ts';
import { apiChanges, API_FILES, logApiChanges, type ApiFiles } from '../breaking/report.ts';
import type { Artifact } from '../emit/artifact.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { outputRoot } from '../lib/paths.ts';
import { closePools, migrate } from '../migrate/graphile.ts';
import { migrateSettings } from '../migrate/settings.ts';
import type { Command } from './command.ts';
import { migrateOutput } from '../migrate/output.ts';
import { withDatabases } from './session.ts';

export const checkCommand: Command = {
  name: 'check',
  summary: 'fail if any committed generated file differs from what the committed migrations generate (CI)',
  usage: 'cfdb check [--against <git ref>] [--fail-on-breaking]',
  details: [
    'Builds a scratch database from migrations/committed only (never the dev database, which may hold',
    'current.sql work), generates every artifact in memory and compares it with the files on disk.',
    'With DATABASE_URL set it needs ROOT_DATABASE_URL to create that scratch database.',
    'It also prints the changes to schema.graphql and db.ts that break consumers, against their versions in',
    '--against (default HEAD; in a pull request, e.g. origin/main); --fail-on-breaking makes any of them fail the check.',
  ],
  options: { against: { type: 'string' }, 'fail-on-breaking': { type: 'boolean' } },
  async run(values) {
    const against = typeof values.against === 'string' ? values.against : undefined;
    // Read first, so a ref that does not exist stops check before any database work.
    const previous = previousApiFiles(against);
    // Loads PostGraphile and codegen while the scratch database is built.
    const generation = prepareGeneration({ withCurrent: false });
    await withDatabases('check', { root: true }, async (connections) => {
      const rootUrl = connections.rootUrl ?? '';
      const { artifacts, diff } = await withScratchDatabase(rootUrl, `${new URL(connections.databaseUrl).pathname.slice(1)}_check`, async (url) => {
        await ensureRoles(url);
        await migrate(migrateSettings({ ...connections, databaseUrl: url }, migrateOutput('check')));
        closePools();
        const { artifacts } = await generation(url);
        return { artifacts, diff: compareArtifacts(artifacts, readGeneratedFiles(outputRoot)) };
      });
      const breaking = previous ? await reportBreakingChanges(artifacts, previous, against ?? 'HEAD') : 0;
      const problems = [
        ...diff.missing.map((path) => `missing  ${path}`),
        ...diff.stale.map((path) => `stale    ${path}`),
        ...diff.orphaned.map((path) => `orphaned ${path}`),
      ];
      if (problems.length > 0) {
        problems.forEach((line) => log.error(`check: ${line}`));
        throw new UserError(`${problems.length} generated files are out of date; run \`npm run generate\` (after \`npm run migrate\`) and commit the result.`);
      }
      if (breaking > 0 && values['fail-on-breaking'] === true) {
        throw new UserError(`${breaking} breaking change${breaking === 1 ? '' : 's'} to the API against ${against ?? 'HEAD'} (--fail-on-breaking); keep the old field, type or value alongside the new one, or drop the flag for a deliberate break.`);
      }
      log.info(`check: all ${diff.unchanged.length} generated files match the committed migrations`);
    });
  },
};

/**
 * The API files of the ref check compares with (HEAD unless --against names
 * one). Outside a git repository, with no ref asked for, there is none.
 */
function previousApiFiles(against: string | undefined): ApiFiles | undefined {
  if (against === undefined && !isGitRepository(outputRoot)) {
    log.step('check: not a git repository, so no previous schema.graphql to compare with; breaking changes not checked');
    return undefined;
  }
  return apiFilesAt(outputRoot, against ?? 'HEAD');
}

/** Prints the breaking changes from the ref's API files to the freshly generated ones; returns how many. */
async function reportBreakingChanges(artifacts: Artifact[], previous: ApiFiles, ref: string): Promise<number> {
  const generated = new Map(
    artifacts.flatMap((a) => ((API_FILES as readonly string[]).includes(a.path) && typeof a.contents === 'string' ? [[a.path, a.contents] as const] : [])),
  );
  const changes = await apiChanges(previous, generated);
  logApiChanges('check', ref, changes);
  return changes.filter((c) => c.level === 'breaking').length;
}
