import { withClient } from '../db/client.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { lockTimeoutMs } from '../migrate/lock.ts';
import { formatSchemaFinding } from '../schema-lint/finding.ts';
import { lintSchema } from '../schema-lint/lint-schema.ts';
import { checkedSchemas } from '../schema-lint/rule.ts';
import { schemaRules } from '../schema-lint/rules.ts';
import type { Command } from './command.ts';
import { deploy } from './migrate.ts';
import { withDatabases } from './session.ts';

export const lintSchemaCommand: Command = {
  name: 'lint:schema',
  summary: 'check the live schema for security and convention mistakes (RLS, policies, grants, indexes, comments); exit 1 on any',
  usage: 'cfdb lint:schema',
  details: [
    'Checks DATABASE_URL as it is, or else the embedded dev database after applying pending committed migrations (as start does).',
    'It only reads: every rule is a catalog query, run in one read-only transaction, so a read-only role is enough.',
    `Schemas: ${checkedSchemas.join(', ')}. Rules: ${schemaRules.map((r) => r.name).join(', ')}.`,
    'Prints one line per finding (table[.column] or function: rule: message, sorted); exits 1 when there is any.',
  ],
  async run() {
    await withDatabases('lint:schema', {}, async (connections, settings) => {
      if (connections.source === 'embedded') await deploy(connections.databaseUrl, settings, lockTimeoutMs(undefined));
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
