import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { acceptFindingHint, formatFinding, lintMigrations } from '../lint/lint.ts';
import { lintTargets } from '../lint/targets.ts';
import type { Command } from './command.ts';

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check every committed migration and current.sql with squawk for changes that lock or break a live database',
  usage: 'cfdb lint',
  details: [
    'Settings: .squawk.toml. Each file is linted as running inside a transaction, as graphile-migrate runs it;',
    'a file whose first line is `--! no-transaction` is linted without that assumption, and must hold one statement.',
    'Prints one line per finding (file:line: rule: message); exits 1 when there is any. Needs no database.',
    'To accept a finding in current.sql, put `-- squawk-ignore <rule>: <reason>` on the line above the statement',
    '(squawk\'s own `-- squawk-ignore <rule> -- <reason>` works too; list several rules with commas).',
  ],
  async run() {
    const targets = lintTargets();
    const findings = lintMigrations(targets);
    findings.forEach((f) => log.info(formatFinding(f)));
    const committed = targets.filter((t) => t.committed).length;
    if (findings.length > 0) {
      const files = new Set(findings.map((f) => f.path)).size;
      throw new UserError(
        `${findings.length} lint finding${findings.length === 1 ? '' : 's'} in ${files} of ${targets.length} migration files; ` +
          'make each change safe for a live database (see https://squawkhq.com/docs/<rule>), ' +
          `or ${acceptFindingHint}.`,
      );
    }
    const current = targets.length > committed ? ' and current.sql' : '';
    log.info(`lint: no findings in ${targets.length} migration files (${committed} committed${current})`);
  },
};
