import { parseArgs } from 'node:util';
import type { Command } from './commands/command.ts';
import { describeError } from './lib/errors.ts';
import { log } from './lib/log.ts';
import { readPathVariables } from './lib/paths.ts';
import { describeMigrationError } from './migrate/errors.ts';

/**
 * Every command, in the order `--help` lists them. Each module is loaded only
 * when its command runs, so a command starts without loading the others (the
 * dev loop's PostGraphile and Graphviz stay out of `migrate`), and a module
 * that fails to load takes down only its own command. Command `a:b` is
 * src/commands/a-b.ts, which exports `aBCommand`.
 */
const commandNames = ['start', 'generate', 'check', 'migrate', 'watch', 'dev', 'serve', 'commit', 'uncommit', 'reset', 'seed', 'status', 'lint', 'lint:schema', 'drift', 'db'];

async function loadCommand(name: string): Promise<Command> {
  const file = name.replace(':', '-');
  const exported = `${file.replace(/-(\w)/g, (_dash, letter: string) => letter.toUpperCase())}Command`;
  const command = ((await import(`./commands/${file}.ts`)) as Record<string, Command | undefined>)[exported];
  if (!command) throw new Error(`src/commands/${file}.ts exports no ${exported}`);
  return command;
}

async function usage(): Promise<string> {
  const width = Math.max(...commandNames.map((name) => name.length));
  const summaries = await Promise.all(
    commandNames.map((name) => loadCommand(name).then((c) => c.summary, (error: unknown) => `(cannot be loaded: ${describeError(error)})`)),
  );
  return [
    'usage: cfdb <command> [options]   (cfdb <command> --help for its options)',
    '',
    ...commandNames.map((name, i) => `  ${name.padEnd(width)}  ${summaries[i]}`),
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
    log.info(await usage());
    return name === undefined ? 1 : 0;
  }
  if (!commandNames.includes(name)) {
    log.error(`cfdb: unknown command "${name}"; run \`cfdb --help\` for the list.`);
    return 2;
  }
  let command: Command;
  try {
    command = await loadCommand(name);
  } catch (error) {
    log.error(`cfdb ${name} failed: its code could not be loaded: ${describeError(error, rest.includes('--verbose'))}`);
    return 1;
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
