import { formatDuration } from './duration.ts';

/** Where each stage's time went, for progress output and the benchmarks. */
export type StageTimings = Record<string, number>;

/** "introspect 150 ms, graphql schema 1.2 s, …" */
export function describeTimings(timings: StageTimings): string {
  return Object.entries(timings)
    .map(([stage, ms]) => `${stage} ${formatDuration(ms)}`)
    .join(', ');
}

export async function timed<T>(timings: StageTimings, stage: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[stage] = performance.now() - started;
  }
}
