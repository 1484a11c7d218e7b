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
 * that fails to load takes down only its own command.
 */
const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./commands/start.ts')).startCommand,
  generate: async () => (await import('./commands/generate.ts')).generateCommand,
  check: async () => (await import('./commands/check.ts')).checkCommand,
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand,
  watch: async () => (await import('./commands/watch.ts')).watchCommand,
  dev: async () => (await import('./commands/dev.ts')).devCommand,
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  commit: async () => (await import('./commands/commit.ts')).commitCommand,
  uncommit: async () => (await import('./commands/uncommit.ts')).uncommitCommand,
  reset: async () => (await import('./commands/reset.ts')).resetCommand,
  seed: async () => (await import('./commands/seed.ts')).seedCommand,
  status: async () => (await import('./commands/status.ts')).statusCommand,
  lint: async () => (await import('./commands/lint.ts')).lintCommand,
  'lint:schema': async () => (await import('./commands/lint-schema.ts')).lintSchemaCommand,
  drift: async () => (await import('./commands/drift.ts')).driftCommand,
  db: async () => (await import('./commands/db.ts')).dbCommand,
};

async function usage(): Promise<string> {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((name) => name.length));
  const summaries = await Promise.all(
    Object.values(commands).map((load) => load().then((c) => c.summary, (error: unknown) => `(cannot be loaded: ${describeError(error)})`)),
  );
  return [
    'usage: cfdb <command> [options]   (cfdb <command> --help for its options)',
    '',
    ...names.map((name, i) => `  ${name.padEnd(width)}  ${summaries[i]}`),
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
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    log.error(`cfdb: unknown command "${name}"; run \`cfdb --help\` for the list.`);
    return 2;
  }
  let command: Command;
  try {
    command = await load();
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
