import { timed, type StageTimings } from '../lib/timings.ts';
import type { SchemaModel } from '../model/schema-model.ts';
import type { Artifact } from './artifact.ts';
import type { DiagramMemo } from './erd-render.ts';

/** What some emitters take beside the model; an emitter given neither uses its default. */
export interface EmitContext {
  /** app_public tables in the order the migration history creates them (src/migrate/table-history.ts): the DDL files' numbers. */
  tableHistory?: readonly string[];
  /** The diagrams rendered before, kept by a caller that generates again (the dev loop). */
  diagramMemo?: DiagramMemo;
}

/** One emitter: the model (and the context) in, its files out, without I/O. */
export interface Emitter {
  /** The StageTimings entry its time counts towards; the emitters of one stage run, and are timed, together. */
  stage: string;
  /** `diagrams` (SVG and PNG, the slowest part) may be written after the `primary` files. */
  phase: 'primary' | 'diagrams';
  emit(model: SchemaModel, context: EmitContext): Artifact | Artifact[] | Promise<Artifact[]>;
}

/** Every file of the emitters, stage by stage in the order of their first emitter, each stage's time in timings. */
export async function runEmitters(emitters: readonly Emitter[], model: SchemaModel, context: EmitContext, timings: StageTimings): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  for (const stage of new Set(emitters.map((emitter) => emitter.stage))) {
    const ofStage = emitters.filter((emitter) => emitter.stage === stage);
    const files = await timed(timings, stage, () => Promise.all(ofStage.map((emitter) => emitter.emit(model, context))));
    artifacts.push(...files.flat());
  }
  return artifacts;
}
