import { compareNames } from '../lib/compare.ts';
import type { SchemaFinding } from './rule.ts';

/** One finding as people read it: `app_public.users.email: missing-comment: …`. */
export function formatSchemaFinding(finding: SchemaFinding): string {
  return `${finding.object}: ${finding.rule}: ${finding.message}`;
}

/** By object, then rule, then message, in code-point order: the same on every machine. */
export function sortFindings(findings: SchemaFinding[]): SchemaFinding[] {
  return [...findings].sort(
    (a, b) => compareNames(a.object, b.object) || compareNames(a.rule, b.rule) || compareNames(a.message, b.message),
  );
}
