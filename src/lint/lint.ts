import { displayPath } from '../lib/paths.ts';
import { isExempt } from './exemptions.ts';
import { runSquawk, statementCount, type SquawkFinding } from './squawk.ts';
import type { LintTarget } from './targets.ts';

/**
 * The findings for the migration files, in file order then line order:
 * squawk's, as graphile-migrate will run each file, plus the one rule squawk
 * cannot know (a `--! no-transaction` file holds one statement), less the
 * findings exempted for committed files.
 */
export function lintMigrations(targets: LintTarget[]): SquawkFinding[] {
  return targets.flatMap((target) =>
    firstSyntaxErrorOnly(target.inTransaction ? lintInTransaction(target) : lintWithoutTransaction(target))
      .filter((f) => !(target.committed && isExempt(target.path, f.rule)))
      .sort((a, b) => a.line - b.line),
  );
}

/** How a finding in current.sql is accepted, for the messages that report findings. */
export const acceptFindingHint = 'accept a finding in current.sql with `-- squawk-ignore <rule>: <reason>` on the line above the statement';

/** One finding as people read it: `migrations/committed/000002-x.sql:12: rule: message`. */
export function formatFinding(finding: SquawkFinding): string {
  return `${displayPath(finding.path)}:${finding.line}: ${finding.rule}: ${finding.message}`;
}

/**
 * squawk skips ban-concurrent-index-creation-in-transaction for a file of a
 * single statement, assuming a tool would run it alone; graphile-migrate
 * wraps that one in a transaction too. An empty statement at the end (no new
 * line numbers before it) makes squawk judge the file as it will run.
 */
function lintInTransaction(target: LintTarget): SquawkFinding[] {
  return runSquawk(target.path, `${target.text}\n;\n`, { inTransaction: true }).map((f) =>
    f.rule === 'ban-concurrent-index-creation-in-transaction' ? { ...f, message: `${f.message} ${noTransactionHint}` } : f,
  );
}

const noTransactionHint = 'With graphile-migrate: put the statement alone in a migration whose first line is `--! no-transaction`.';

/**
 * graphile-migrate sends a file as one query, and PostgreSQL runs a query of
 * several statements as one implicit transaction, where CONCURRENTLY fails
 * just the same; so a `--! no-transaction` file must hold exactly one statement.
 */
function lintWithoutTransaction(target: LintTarget): SquawkFinding[] {
  const findings = runSquawk(target.path, target.text, { inTransaction: false });
  const statements = statementCount(target.path, target.text);
  if (statements <= 1) return findings;
  const header = target.text.split('\n').findIndex((line) => /^--!\s*no-transaction\b/.test(line));
  return [
    ...findings,
    {
      path: target.path,
      line: header + 1,
      rule: 'no-transaction-single-statement',
      message:
        `this --! no-transaction file holds ${statements} statements, which PostgreSQL runs as one implicit transaction (so CONCURRENTLY still fails). ` +
        'Put each statement that must run outside a transaction in a migration of its own.',
    },
  ];
}

/** squawk reports a syntax error once per token that follows it; the first says it all. */
function firstSyntaxErrorOnly(findings: SquawkFinding[]): SquawkFinding[] {
  const first = findings.find((f) => f.rule === 'syntax-error');
  return findings.filter((f) => f.rule !== 'syntax-error' || f === first);
}
