import { listPaths } from '../generate/describe-changes.ts';
import { formatDuration } from '../lib/duration.ts';
import { describeTimings } from '../lib/timings.ts';
import type { CycleReport, PhaseReport } from './cycle.ts';

/**
 * The one line the dev loop prints for each turn, e.g.
 * `current.sql applied; 3 files changed (src/generated/db.ts, …) in 240 ms; GraphQL 2 changed in 640 ms; diagrams 2 changed in 1.2 s`:
 * each phase with the time from the start of the turn to its files on disk.
 * With withTimings, the time of each stage follows in brackets.
 */
export function describeCycle(report: CycleReport, withTimings = false): string {
  switch (report.outcome) {
    case 'unchanged':
      return `current.sql unchanged apart from comments and whitespace; nothing to regenerate (${formatDuration(report.totalMs)})`;
    case 'failed':
      return failure(report);
    case 'generated': {
      const what = report.applied ? 'current.sql applied' : 'current.sql unchanged apart from comments and whitespace';
      const { model, graphql, diagrams } = report.phases;
      const line = `${what}; ${modelPhase(model)}; ${laterPhase('GraphQL', graphql)}; ${laterPhase('diagrams', diagrams)}`;
      return withTimings ? `${line} [${describeTimings(report.timings)}]` : line;
    }
  }
}

function failure(report: Extract<CycleReport, { outcome: 'failed' }>): string {
  switch (report.stage) {
    case 'apply':
      return `${report.error} — generated files left as they were; fix current.sql and save again`;
    case 'generate':
      return `current.sql applied, but generating the artifacts failed: ${report.error} — generated files left as they were; fix current.sql and save again`;
    case 'graphql':
      return `current.sql applied; ${modelPhase(report.model)}; GraphQL failed: ${report.error} — schema.graphql, graphql.ts and the diagrams left as they were; fix current.sql and save again`;
    case 'diagrams':
      return `current.sql applied; ${modelPhase(report.model)}; ${laterPhase('GraphQL', report.graphql)}; diagrams failed: ${report.error} — diagrams left as they were; save again to retry`;
  }
}

function modelPhase(phase: PhaseReport): string {
  return `${files(phase.changed)} in ${formatDuration(phase.doneMs)}`;
}

function laterPhase(name: string, phase: PhaseReport): string {
  return `${name} ${phase.changed.length ? `${phase.changed.length} changed` : 'unchanged'} in ${formatDuration(phase.doneMs)}`;
}

function files(paths: string[]): string {
  if (paths.length === 0) return 'no generated file changed';
  return `${paths.length} file${paths.length === 1 ? '' : 's'} changed (${listPaths(paths, 4)})`;
}
