/**
 * One measured generation, as its own process: bench/generate.ts spawns this
 * once per sample, so module loading and start-up count as they do for a
 * person running `npm run generate`.
 *
 *   node bin/run.js bench/run-generate.ts <url> <model|full> <output dir>
 *
 * model: introspect + every model emitter (src/emit/emitters.ts: db.ts, kysely.ts, zod.ts, value-sets.ts, DDL, Mermaid, docs,
 *        ERD SVG and PNG), the peer of kysely-codegen's types-only run;
 * full:  generateArtifacts, i.e. the above plus PostGraphile and codegen.
 *
 * The files are written to the output dir through the project's writer, as
 * kysely-codegen writes its file. The last stdout line is a JSON RunReport.
 */

import { rmSync } from 'node:fs';
import { withClient } from '../src/db/client.ts';
import { runEmitters } from '../src/emit/emitter.ts';
import { modelEmitters } from '../src/emit/emitters.ts';
import type { Generation } from '../src/generate/artifacts.ts';
import { compareArtifacts, toBytes } from '../src/generate/compare.ts';
import { applyArtifacts } from '../src/generate/files.ts';
import { introspectSchema } from '../src/introspect/introspect.ts';

export type Mode = 'model' | 'full';

export interface RunReport {
  tables: number;
  files: number;
  bytes: number;
  /** In-process stage timings, ms: the generation's own, plus the write. */
  timings: Record<string, number>;
  /** process.resourceUsage().maxRSS, KiB: the fallback where GNU time is missing. */
  maxRssKb: number;
}

/** Milliseconds since the previous lap (the first: since the stopwatch started). */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = now - last;
    last = now;
    return ms;
  };
}

/**
 * The model mode runs the list of model emitters (src/emit/emitters.ts)
 * itself rather than through generateArtifacts, which starts the GraphQL
 * thread (loading PostGraphile and graphql-codegen is time that belongs to
 * GraphQL). The list is the generator's own, so it emits exactly the full
 * mode's files but the two GraphQL ones; bench/generate.ts checks that too.
 */
async function generate(url: string, mode: Mode): Promise<Generation> {
  if (mode === 'full') {
    const { generateArtifacts } = await import('../src/generate/artifacts.ts');
    return generateArtifacts(url);
  }
  const lap = stopwatch();
  const timings: Generation['timings'] = {};
  const model = await withClient(url, (client) => introspectSchema(client));
  timings.introspect = lap();
  return { model, artifacts: await runEmitters(modelEmitters, model, {}, timings), timings };
}

async function main(): Promise<void> {
  const [url, mode, outDir] = process.argv.slice(2);
  if (!url || (mode !== 'model' && mode !== 'full') || !outDir) {
    throw new Error('usage: run-generate.ts <url> <model|full> <output dir>');
  }
  const { model, artifacts, timings } = await generate(url, mode);
  const lap = stopwatch();
  // An empty folder each time: every file is written, as kysely-codegen always writes its one.
  rmSync(outDir, { recursive: true, force: true });
  applyArtifacts(outDir, artifacts, compareArtifacts(artifacts, new Map()));
  timings.write = lap();
  const report: RunReport = {
    tables: model.tables.length,
    files: artifacts.length,
    bytes: artifacts.reduce((sum, a) => sum + toBytes(a.contents).length, 0),
    timings,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
