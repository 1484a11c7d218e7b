import { basename } from 'node:path';

/**
 * Findings accepted in committed migrations, by file name and rule, each with
 * its reason. A committed file cannot take a `-- squawk-ignore <rule>` comment
 * (editing it changes its hash, and graphile-migrate then refuses it), so its
 * accepted findings are listed here; current.sql takes the comment instead,
 * which the commit then carries into the committed file.
 */
export interface Exemption {
  file: string;
  rule: string;
  reason: string;
}

export const committedExemptions: readonly Exemption[] = [
  {
    file: '000001-creativeflow-data-model-22-tables.sql',
    rule: 'prefer-bigint-over-int',
    reason:
      'asset_versions.version_number, ai_model_deployments.replicas and ai_model_feedback.rating are small counts and scores, never keys (keys are uuids), so they cannot approach the int limit',
  },
];

/** True when the committed file at path has an exemption for rule. */
export function isExempt(path: string, rule: string): boolean {
  return committedExemptions.some((e) => e.file === basename(path) && e.rule === rule);
}
