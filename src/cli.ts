import { parseArgs } from 'node:util';
import type { Command } from './commands/command.ts';
import { checkCommand } from './commands/check.ts';
import { commitCommand } from './commands/commit.ts';
import { dbCommand } from './commands/db.ts';
import { devCommand } from './commands/dev.ts';
import { driftCommand } from './commands/drift.ts';
import { generateCommand } from './commands/generate.ts';
import { lintCommand } from './commands/lint.ts';
import { lintSchemaCommand } from './commands/lint-schema.ts';
import { migrateCommand } from './commands/migrate.ts';
import { resetCommand } from './commands/reset.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';
import { uncommitCommand } from './commands/uncommit.ts';
import { watchCommand } from './commands/watch.ts';
import { describeError } from './lib/errors.ts';
import { log } from './lib/log.ts';
import { readPathVariables } from './lib/paths.ts';
import { describeMigrationError } from './migrate/errors.ts';

const commands: Command[] = [
  startCommand,
  generateCommand,
  checkCommand,
  migrateCommand,
  watchCommand,
  devCommand,
  commitCommand,
  uncommitCommand,
  resetCommand,
  statusCommand,
  lintCommand,
  lintSchemaCommand,
  driftCommand,
  dbCommand,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: cfdb <command> [options]   (cfdb <command> --help for its options)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Uses the embedded PostgreSQL unless DATABASE_URL is set (with SHADOW_DATABASE_URL / ROOT_DATABASE_URL where a command needs them).',
    'Add --verbose to any command for stack traces.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [`usage: ${command.usage}`, '', command.summary, ...(command.details ?? []).map((d) => `  ${d}`)].join('\n');
}

/**
 * Every connection this process opens (pg reads PGAPPNAME) says which command
 * and process it belongs to in pg_stat_activity, so a refusal can name the
 * `cfdb dev` that holds a database. A name the person chose is kept.
 */
function nameConnections(command: string): void {
  const chosen = process.env.PGAPPNAME?.trim();
  if (chosen && !chosen.startsWith('cfdb ')) return;
  process.env.PGAPPNAME = `cfdb ${command} (pid ${process.pid})`;
}

/**
 * Runs `cfdb <argv>` and returns its exit code; output goes through log to
 * process.stdout and process.stderr. bin/cfdb.js calls it once per process;
 * tests call it in their own process (test/helpers/cli.ts), so it reads the
 * environment afresh each time.
 */
export async function runCli(argv: string[]): Promise<number> {
  readPathVariables();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    log.info(usage());
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    log.error(`cfdb: unknown command "${name}"; run \`cfdb --help\` for the list.`);
    return 2;
  }
  nameConnections(name);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: command.positionals === true,
      options: { ...command.options, help: { type: 'boolean', short: 'h' }, verbose: { type: 'boolean' } },
    });
  } catch (error) {
    log.error(`cfdb ${name}: ${describeError(error)}; see \`cfdb ${name} --help\`.`);
    return 2;
  }
  if (parsed.values.help) {
    log.info(commandHelp(command));
    return 0;
  }
  try {
    await command.run(parsed.values, parsed.positionals);
    return 0;
  } catch (error) {
    const verbose = parsed.values.verbose === true;
    const cause = (!verbose && describeMigrationError(error)) || describeError(error, verbose);
    log.error(`cfdb ${name} failed: ${cause}`);
    return 1;
  }
}
