import { formatDuration } from '../lib/duration.ts';
import { log } from '../lib/log.ts';
import { outputRoot } from '../lib/paths.ts';
import { describeTimings } from '../lib/timings.ts';
import type { SchemaModel } from '../model/schema-model.ts';
import { prepareGeneration, type PreparedGeneration } from './artifacts.ts';
import { describeChanges } from './describe-changes.ts';
import { writeChangedArtifacts } from './files.ts';

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
