import { listPaths } from '../generate/describe-changes.ts';
import { formatDuration } from '../lib/duration.ts';
import { describeTimings } from '../lib/timings.ts';
import type { CycleReport } from './cycle.ts';

/**
 * The one line the dev loop prints for each turn, e.g.
 * `current.sql applied; 3 files changed (src/generated/db.ts, …) in 640 ms; diagrams: 2 changed in 1.2 s`.
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
      const diagrams = report.diagramsChanged.length ? `${report.diagramsChanged.length} changed` : 'unchanged';
      const line = `${what}; ${files(report.changed)} in ${formatDuration(report.primaryMs)}; diagrams ${diagrams} in ${formatDuration(report.totalMs)}`;
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
    case 'diagrams':
      return `current.sql applied and the types, SDL, DDL and docs written, but rendering the diagrams failed: ${report.error} — diagrams left as they were; save again to retry`;
  }
}

function files(paths: string[]): string {
  if (paths.length === 0) return 'no generated file changed';
  return `${paths.length} file${paths.length === 1 ? '' : 's'} changed (${listPaths(paths, 4)})`;
}
