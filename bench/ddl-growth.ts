/**
 * `npm run bench:ddl`: how emitDdl's time grows with the number of tables.
 * Ordering tables for creation (foreign keys first, cycles broken into
 * forward keys) could easily go quadratic; this times emitDdl on hand-built
 * chains of 2,500 and 10,000 tables (every tenth closing a two-table cycle)
 * in one process, the fastest of ROUNDS runs each after a warm-up, and
 * reports the ratio: four times the tables should cost about four times the
 * time, far from sixteen. It was a timed jest test; timing belongs here, and
 * test/ddl.test.ts checks the 10,000-table order itself. No database needed.
 */

import { cpus, loadavg } from 'node:os';
import { emitDdl } from '../src/emit/ddl.ts';
import { formatDuration } from '../src/lib/duration.ts';
import type { SchemaModel } from '../src/model/schema-model.ts';
import { referenceChain } from '../test/fixtures/reference-chain.ts';

const ROUNDS = 5;
/** Linear growth gives 4; quadratic 16. Above this the benchmark fails. */
const MAX_RATIO = 9;

function fastest(model: SchemaModel): number {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    emitDdl(model);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const load = loadavg()[0] ?? NaN;
fastest(referenceChain(1000));
const small = fastest(referenceChain(2500));
const large = fastest(referenceChain(10_000));
const ratio = large / small;
process.stdout.write(
  [
    `emitDdl, chain of hand-built tables, fastest of ${ROUNDS} (${new Date().toUTCString()}, ${cpus().length} CPUs, load ${load.toFixed(1)}, Node.js ${process.version.slice(1)}):`,
    `| tables | emitDdl |`,
    `| ---: | ---: |`,
    `| 2,500 | ${formatDuration(small)} |`,
    `| 10,000 | ${formatDuration(large)} |`,
    `ratio 10,000 / 2,500: ${ratio.toFixed(2)}× (linear 4×, quadratic 16×; fails above ${MAX_RATIO}×)`,
    '',
  ].join('\n'),
);
if (ratio > MAX_RATIO) {
  process.stderr.write(`bench:ddl: emitDdl grew ${ratio.toFixed(1)}× for 4× the tables; look for a quadratic step in src/emit/table-order.ts.\n`);
  process.exitCode = 1;
}
