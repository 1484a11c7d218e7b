import { emitDbTypes } from './db-types.ts';
import { emitDdl } from './ddl.ts';
import { emitDocs } from './docs.ts';
import type { Emitter } from './emitter.ts';
import { emitErd } from './erd-render.ts';
import { emitKyselyTypes } from './kysely.ts';
import { emitMermaid } from './mermaid.ts';
import { emitValueSetColumns } from './value-set-columns.ts';
import { emitZod } from './zod.ts';

/**
 * Every emitter of the model, written out once: what a generation runs
 * (src/generate/artifacts.ts, which adds the two GraphQL files) and what the
 * benchmark's model mode measures (bench/run-generate.ts).
 */
export const modelEmitters: readonly Emitter[] = [
  { stage: 'types+ddl+docs', phase: 'primary', emit: emitDbTypes },
  { stage: 'types+ddl+docs', phase: 'primary', emit: emitValueSetColumns },
  { stage: 'types+ddl+docs', phase: 'primary', emit: (model, { tableHistory }) => emitDdl(model, tableHistory) },
  { stage: 'types+ddl+docs', phase: 'primary', emit: emitMermaid },
  { stage: 'types+ddl+docs', phase: 'primary', emit: emitDocs },
  // Its own stage, so docs/benchmarks.md can say what the Kysely interface costs.
  { stage: 'kysely', phase: 'primary', emit: emitKyselyTypes },
  { stage: 'zod', phase: 'primary', emit: emitZod },
  { stage: 'erd', phase: 'diagrams', emit: (model, { diagramMemo }) => emitErd(model, diagramMemo) },
];
