import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withClient } from '../src/db/client.ts';
import { cliEnv, failureLines, runCliInProcess, runCliOnTerminal } from './helpers/cli.ts';
import { databaseUrl, recreateDatabase, rootUrl, TEMPLATE } from './helpers/database.ts';

/**
 * A careful `cfdb reset`: it asks on a terminal, trusts only the embedded
 * server without --force, and says who holds the database it cannot drop.
 */

let name: string;
let url: string;

async function hasMarker(): Promise<boolean> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ present: boolean }>(`select to_regclass('public.reset_marker') is not null as present`);
    return rows[0]?.present ?? false;
  });
}

beforeEach(async () => {
  name = `cfdb_reset_${randomBytes(4).toString('hex')}`;
  url = databaseUrl(name);
  await recreateDatabase(name, TEMPLATE);
  // Something reset would erase.
  await withClient(url, (client) => client.query('create table public.reset_marker (id int)'));
});

afterEach(async () => {
  await withClient(rootUrl(), (client) => client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`));
});

const env = (): NodeJS.ProcessEnv => cliEnv({ DATABASE_URL: url, ROOT_DATABASE_URL: rootUrl() });

test('a server on a loopback address is not the embedded one: it needs --force, refused before connecting', async () => {
  // Port 1: had reset tried to connect, the error would be ECONNREFUSED instead.
  const result = await runCliInProcess(['reset'], cliEnv({ DATABASE_URL: 'postgres://app:pw@127.0.0.1:1/creativeflow', ROOT_DATABASE_URL: 'postgres://app:pw@127.0.0.1:1/postgres' }));
  expect(result.code).toBe(1);
  expect(failureLines(result)).toEqual([
    'cfdb reset failed: reset refuses to erase DATABASE_URL (postgres://app:***@127.0.0.1:1/creativeflow): only the embedded server is known to be on ' +
      'this machine (a local address may be a tunnel to another); pass --force if you really mean to drop it.',
  ]);
});

test('on a terminal it names the database and server and asks; anything but yes leaves the database alone', async () => {
  const result = await runCliOnTerminal(['reset', '--force'], env(), 'n\n');
  const address = new URL(rootUrl()).host;
  expect(result.output).toContain(`reset: drop database "${name}" on ${address}, losing its data, and rebuild it from the committed migrations? [y/N] `);
  expect(result.output).toContain(`cfdb reset failed: reset cancelled: database "${name}" was left as it was.`);
  expect(result.code).toBe(1);
  expect(await hasMarker()).toBe(true);
}, 60_000);

test('--yes skips the question on a terminal and resets', async () => {
  const result = await runCliOnTerminal(['reset', '--force', '--yes'], env(), '');
  expect(result.output).not.toContain('[y/N]');
  expect(result.output).toContain(`reset: main database "${name}" on ${new URL(rootUrl()).host} recreated and every committed migration applied`);
  expect(result.code).toBe(0);
  expect(await hasMarker()).toBe(false);
}, 120_000);

test('a database other sessions hold is refused, naming them and saying to stop npm run dev', async () => {
  const holder = new pg.Client({ connectionString: url, application_name: 'cfdb dev (pid 4242)' });
  await holder.connect();
  try {
    const { rows } = await holder.query<{ pid: number }>('select pg_backend_pid() as pid');
    const result = await runCliInProcess(['reset', '--force'], env());
    expect(failureLines(result)).toEqual([
      `cfdb reset failed: database "${name}" is in use by 1 other session (cfdb dev (pid 4242) (backend pid ${rows[0]?.pid})); ` +
        'stop `npm run dev` or `npm run watch` (Ctrl-C in its terminal) and anything else connected to it, then reset again.',
    ]);
    expect(result.code).toBe(1);
  } finally {
    await holder.end();
  }
  expect(await hasMarker()).toBe(true);
});
