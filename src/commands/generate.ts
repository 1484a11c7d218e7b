import type { ArtifactDiff } from '../generate/compare.ts';
import { prepareGeneration, type PreparedGeneration } from '../generate/artifacts.ts';
import { writeChangedArtifacts } from '../generate/files.ts';
import { formatDuration } from '../lib/duration.ts';
import { log } from '../lib/log.ts';
import { outputRoot } from '../lib/paths.ts';
import { describeTimings } from '../lib/timings.ts';
import type { SchemaModel } from '../model/schema-model.ts';
import type { Command } from './command.ts';
import { withDatabases } from './session.ts';

/** Names a few paths, counts the rest: one readable line however many files changed. */
export function listPaths(paths: string[], shown = 6): string {
  const names = paths.slice(0, shown).join(', ');
  return paths.length > shown ? `${names}, … ${paths.length - shown} more` : names;
}

/** "3 written (…), 1 removed (…), 40 unchanged" — what a generation did to the tree. */
export function describeChanges(diff: ArtifactDiff): string {
  const written = [...diff.missing, ...diff.stale].sort();
  if (written.length === 0 && diff.orphaned.length === 0) return `all ${diff.unchanged.length} generated files were already current`;
  const parts = [];
  if (written.length) parts.push(`${written.length} written (${listPaths(written)})`);
  if (diff.orphaned.length) parts.push(`${diff.orphaned.length} removed (${listPaths(diff.orphaned)})`);
  parts.push(`${diff.unchanged.length} unchanged`);
  return parts.join(', ');
}

/**
 * Regenerates every artifact from the database at url, writes only what
 * changed, and returns the model it introspected. A command that has other
 * work first passes a generation it prepared before that work.
 */
export async function regenerate(url: string, command: string, generation: PreparedGeneration = prepareGeneration()): Promise<SchemaModel> {
  const started = performance.now();
  const { artifacts, model, timings } = await generation(url);
  const diff = writeChangedArtifacts(outputRoot, artifacts);
  log.info(`${command}: ${model.tables.length} tables → ${artifacts.length} files in ${formatDuration(performance.now() - started)}; ${describeChanges(diff)}`);
  log.step(`${command}: time per stage: ${describeTimings(timings)}`);
  return model;
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'regenerate types, GraphQL SDL, DDL, ERD and docs from the current database (no migrations run)',
  usage: 'cfdb generate',
  async run() {
    const generation = prepareGeneration();
    await withDatabases('generate', {}, (connections) => regenerate(connections.databaseUrl, 'generate', generation));
  },
};
