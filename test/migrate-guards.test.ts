import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withClient } from '../src/db/client.ts';
import { maskSecrets } from '../src/lib/mask.ts';
import { DEPLOY_LOCK_KEY } from '../src/migrate/lock.ts';
import { cliEnv, copyMigrations, failureLines, runCliInProcess, type CliResult } from './helpers/cli.ts';
import { createEmptyDatabase, databaseUrl, rootUrl, type ScratchDatabase } from './helpers/database.ts';
import { appendCommittedMigration, whileLockHeld } from './helpers/migrations.ts';

/**
 * Guards: whatever erases a database refuses a server that is not on this
 * machine unless --force, before connecting; and no password in a connection
 * URL ever reaches stdout or stderr, errors and --verbose traces included.
 */

// .invalid never resolves: had a command tried to connect there, its error would be a DNS failure.
const remote = (database: string): string => `postgres://app:pw@db.example.invalid:5432/${database}`;
// Port 1 refuses connections: a command that got past its guard fails there, saying so.
const local = (database: string): string => `postgres://app:pw@127.0.0.1:1/${database}`;

describe('commands that erase refuse a server that is not on this machine', () => {
  test.each([
    [
      // reset needs --force for any server but the embedded one, so this path is commit's (and uncommit's).
      'commit, when the drop would go through a remote ROOT_DATABASE_URL',
      ['commit', '-m', 'x'],
      { DATABASE_URL: local('dev'), SHADOW_DATABASE_URL: local('shadow'), ROOT_DATABASE_URL: remote('postgres') },
      'cfdb commit failed: commit refuses to drop databases through ROOT_DATABASE_URL (postgres://app:***@db.example.invalid:5432/postgres): ' +
        'it is not on this machine; point ROOT_DATABASE_URL at a server on this machine.',
    ],
    [
      'reset of a DATABASE_URL on a loopback address, which may be a tunnel',
      ['reset'],
      { DATABASE_URL: local('dev'), ROOT_DATABASE_URL: remote('postgres') },
      'cfdb reset failed: reset refuses to erase DATABASE_URL (postgres://app:***@127.0.0.1:1/dev): only the embedded server is known to be on this machine ' +
        '(a local address may be a tunnel to another); pass --force if you really mean to drop it.',
    ],
    [
      'reset --shadow, for a remote SHADOW_DATABASE_URL',
      ['reset', '--shadow'],
      { DATABASE_URL: local('dev'), SHADOW_DATABASE_URL: remote('shadow'), ROOT_DATABASE_URL: local('postgres') },
      'cfdb reset failed: reset refuses to erase SHADOW_DATABASE_URL (postgres://app:***@db.example.invalid:5432/shadow): ' +
        'it is not on this machine; pass --force if you really mean to drop it.',
    ],
    [
      'commit, which resets the shadow database',
      ['commit', '-m', 'x'],
      { DATABASE_URL: local('dev'), SHADOW_DATABASE_URL: remote('shadow'), ROOT_DATABASE_URL: local('postgres') },
      'cfdb commit failed: commit refuses to erase SHADOW_DATABASE_URL (postgres://app:***@db.example.invalid:5432/shadow): ' +
        'it is not on this machine; point SHADOW_DATABASE_URL at a server on this machine.',
    ],
    [
      'uncommit, which resets the shadow database',
      ['uncommit'],
      { DATABASE_URL: local('dev'), SHADOW_DATABASE_URL: remote('shadow'), ROOT_DATABASE_URL: local('postgres') },
      'cfdb uncommit failed: uncommit refuses to erase SHADOW_DATABASE_URL (postgres://app:***@db.example.invalid:5432/shadow): ' +
        'it is not on this machine; point SHADOW_DATABASE_URL at a server on this machine.',
    ],
  ])('%s', async (_name, args, env, message) => {
    const dir = copyMigrations();
    try {
      // commit must find work in current.sql, and uncommit none, to reach the guard.
      writeFileSync(join(dir, 'current.sql'), args[0] === 'commit' ? 'select 1;\n' : '');
      const result = await runCliInProcess(args, cliEnv({ ...env, CFDB_MIGRATIONS_DIR: dir }));
      expect(failureLines(result)).toEqual([message]);
      expect(result.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reset --force goes past the guard (and here fails to reach the server, as it should)', async () => {
    const result = await runCliInProcess(['reset', '--force'], cliEnv({ DATABASE_URL: remote('prod'), ROOT_DATABASE_URL: remote('postgres') }));
    expect(failureLines(result)).toEqual([
      expect.stringMatching(/^cfdb reset failed: cannot connect to DATABASE_URL \(postgres:\/\/app:\*\*\*@db\.example\.invalid:5432\/prod\): .*ENOTFOUND/),
    ]);
  });
});

describe('maskSecrets', () => {
  test.each([
    ['postgres://app:s3cret@db:5432/x', 'postgres://app:***@db:5432/x'],
    ['postgresql://app:s3%40cret@db/x?sslmode=require', 'postgresql://app:***@db/x?sslmode=require'],
    // libpq and pg accept a raw '@' in the password: everything up to the last '@' is hidden.
    ['(postgres://app:p@ss:w0rd@127.0.0.1:1/x): refused', '(postgres://app:***@127.0.0.1:1/x): refused'],
    // Mistyped URLs still hide the password.
    ['DATABASE_URL=postgres:/app:s3cret@db/x is not', 'DATABASE_URL=postgres:/app:***@db/x is not'],
    ['DATABASE_URL=app:s3cret@db/x', 'DATABASE_URL=app:***@db/x'],
    ['host=db password=s3cret user=app', 'host=db password=*** user=app'],
    // What is not a credential stays as it is.
    ['migrations/committed/000002-x.sql:8: syntax error (42601) in: select a::jsonb @> b', 'migrations/committed/000002-x.sql:8: syntax error (42601) in: select a::jsonb @> b'],
    ['postgres://app@db:5432/x', 'postgres://app@db:5432/x'],
  ])('%s', (text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
  });
});

describe('a password in a connection URL never reaches the output', () => {
  const secret = 'Sup3r-s3cret';
  const role = 'cfdb_mask_test';
  let db: ScratchDatabase;
  let dir: string;

  beforeAll(async () => {
    await withClient(rootUrl(), async (client) => {
      await client.query(`drop role if exists ${role}`);
      // A raw '@' in the password: pg accepts it, and a naive mask would show the part after it.
      await client.query(`create role ${role} login superuser password '${secret}@pw'`);
    });
  });
  afterAll(async () => {
    await withClient(rootUrl(), (client) => client.query(`drop role if exists ${role}`));
  });
  beforeEach(async () => {
    db = await createEmptyDatabase();
    dir = copyMigrations();
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The database's URL logged in as the role, with the password written raw. */
  function urlWithPassword(database = db.name): string {
    const url = new URL(databaseUrl(database));
    return `postgres://${role}:${secret}@pw@${url.host}/${database}`;
  }

  function expectNoSecret(result: CliResult): void {
    const output = result.stdout + result.stderr;
    expect(output).not.toContain(secret);
    expect(output).not.toContain('s3cret');
    expect(output).not.toContain('@pw@');
  }

  test('the URL really works, so the failures below are the ones meant', async () => {
    const result = await runCliInProcess(['status'], cliEnv({ DATABASE_URL: urlWithPassword() }));
    expect(failureLines(result)).toEqual([]);
    expect(result.code).toBe(0);
    expectNoSecret(result);
  });

  test.each([[[] as string[]], [['--verbose']]])('a server that refuses the connection %s', async (extra) => {
    const result = await runCliInProcess(['migrate', ...extra], cliEnv({ DATABASE_URL: `postgres://${role}:${secret}@pw@127.0.0.1:1/x` }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot connect to DATABASE_URL (postgres://${role}:***@127.0.0.1:1/x)`);
    expectNoSecret(result);
  });

  test.each([[[] as string[]], [['--verbose']]])('a database that does not exist, the URL echoed in the error %s', async (extra) => {
    const result = await runCliInProcess(['migrate', ...extra], cliEnv({ DATABASE_URL: urlWithPassword('cfdb_no_such_database') }));
    expect(result.code).toBe(1);
    expect(failureLines(result)).toEqual([expect.stringContaining('database "cfdb_no_such_database" does not exist')]);
    expectNoSecret(result);
  });

  test('a mistyped URL', async () => {
    const result = await runCliInProcess(['status'], cliEnv({ DATABASE_URL: `postgres:/${role}:${secret}@db/x` }));
    expect(failureLines(result)).toEqual([`cfdb status failed: DATABASE_URL=postgres:/${role}:***@db/x is not a PostgreSQL URL with a database name; for example postgres://user@host:5432/dbname.`]);
    expectNoSecret(result);
  });

  test('remote SHADOW_DATABASE_URL and ROOT_DATABASE_URL in refusals', async () => {
    const env = {
      DATABASE_URL: urlWithPassword(),
      SHADOW_DATABASE_URL: `postgres://${role}:${secret}@pw@db.example.invalid/shadow`,
      ROOT_DATABASE_URL: `postgres://${role}:${secret}@pw@db.example.invalid/postgres`,
    };
    writeFileSync(join(dir, 'current.sql'), 'select 1;\n');
    for (const args of [['reset'], ['reset', '--shadow'], ['commit']]) {
      const result = await runCliInProcess(args, cliEnv({ ...env, CFDB_MIGRATIONS_DIR: dir }));
      expect(result.code).toBe(1);
      expect(failureLines(result)).toHaveLength(1);
      expectNoSecret(result);
    }
  });

  test.each([[[] as string[]], [['--verbose']]])('a migration whose SQL fails, with progress lines and graphile-migrate output %s', async (extra) => {
    appendCommittedMigration(dir, 'fails', 'select 1 / 0;\n');
    const result = await runCliInProcess(['migrate', ...extra], cliEnv({ DATABASE_URL: urlWithPassword(), CFDB_MIGRATIONS_DIR: dir }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('division by zero (22012)');
    expect(result.stderr).toContain('migrate: Running migration');
    if (extra.length > 0) expect(result.stderr).toMatch(/caused by: error: division by zero\n\s+at /);
    expectNoSecret(result);
  });

  test('a lock timeout', async () => {
    await whileLockHeld(db.url, DEPLOY_LOCK_KEY, async () => {
      const result = await runCliInProcess(['migrate', '--verbose', '--lock-timeout', '500ms'], cliEnv({ DATABASE_URL: urlWithPassword() }));
      expect(result.code).toBe(1);
      expectNoSecret(result);
    });
  });
});
