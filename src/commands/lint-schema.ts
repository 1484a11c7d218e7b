import { withClient } from '../db/client.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { lockTimeoutMs } from '../migrate/lock.ts';
import { lintCitus } from '../schema-lint/citus-lint.ts';
import { readCitusPlan } from '../schema-lint/citus-plan.ts';
import { citusRuleNames } from '../schema-lint/citus-rules.ts';
import { formatSchemaFinding } from '../schema-lint/finding.ts';
import { lintSchema } from '../schema-lint/lint-schema.ts';
import { checkedSchemas } from '../schema-lint/rule.ts';
import { schemaRules } from '../schema-lint/rules.ts';
import type { Command, OptionValues } from './command.ts';
import { deploy } from '../migrate/deploy.ts';
import { withDatabases } from './session.ts';

export const lintSchemaCommand: Command = {
  name: 'lint:schema',
  summary: 'check the live schema for security and convention mistakes (RLS, policies, grants, indexes, comments); exit 1 on any (--citus: against the Citus plan instead)',
  usage: 'cfdb lint:schema',
  details: [
    'Checks DATABASE_URL as it is, or else the embedded dev database after applying pending committed migrations (as start does).',
    'It only reads: every rule is a catalog query, run in one read-only transaction, so a read-only role is enough.',
    `Schemas: ${checkedSchemas.join(', ')}. Rules: ${schemaRules.map((r) => r.name).join(', ')}.`,
    'Prints one line per finding (table[.column] or function: rule: message, sorted); exits 1 when there is any.',
    `--citus: instead, checks the schema against the Citus plan (src/schema-lint/citus-plan.json5) with the rules Citus imposes (${citusRuleNames().join(', ')}),`,
    '  prints what must change, then the create_reference_table / create_distributed_table calls in an order that works; exits 1 on any finding.',
    '  Citus is not installed here: this is a static check of the catalog, and nothing is run on a Citus cluster.',
  ],
  options: { citus: { type: 'boolean' } },
  async run(values: OptionValues) {
    await withDatabases('lint:schema', {}, async (connections, settings) => {
      if (connections.source === 'embedded') await deploy(connections.databaseUrl, settings, lockTimeoutMs(undefined));
      if (values.citus === true) return reportCitus(connections.databaseUrl);
      const findings = await withClient(connections.databaseUrl, (client) => lintSchema(client));
      findings.forEach((f) => log.info(formatSchemaFinding(f)));
      const scope = `${checkedSchemas.join(', ')} (${schemaRules.length} rules)`;
      if (findings.length > 0) {
        throw new UserError(
          `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${scope}; fix each as its line says, in a migration (current.sql, then commit).`,
        );
      }
      log.info(`lint:schema: no findings in ${scope}`);
    });
  },
};

async function reportCitus(databaseUrl: string): Promise<void> {
  const plan = readCitusPlan();
  const { findings, createOrder } = await withClient(databaseUrl, (client) => lintCitus(client, plan));
  findings.forEach((f) => log.info(formatSchemaFinding(f)));
  log.info(`${findings.length > 0 ? '\n' : ''}Citus create order (from ${plan.source} and this database's foreign keys):`);
  createOrder.forEach((line) => log.info(`  ${line}`));
  const scope = `the Citus plan ${plan.source}, checked statically (Citus is not installed here)`;
  if (findings.length > 0) {
    throw new UserError(
      `${findings.length} finding${findings.length === 1 ? '' : 's'} against ${scope}; each line says what must change before the calls above can run on Citus.`,
    );
  }
  log.info(`lint:schema --citus: no findings against ${scope}`);
}
