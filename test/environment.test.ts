import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { environmentUrls, inCi } from '../src/db/environment.ts';
import { cliEnv, failureLines, runCli } from './helpers/cli.ts';
import { copyInitialisedCluster } from './helpers/initialised-cluster.ts';
import { freePort } from './helpers/ports.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

/**
 * The connection variables are explicit: set means that server, unset means
 * the embedded one, and nothing in between falls back quietly.
 */

const url = 'postgres://app@db.internal:5432/creativeflow';

describe('environmentUrls', () => {
  test('none set: the embedded server', () => {
    expect(environmentUrls({})).toBeUndefined();
  });

  test('set: the URLs, trimmed', () => {
    expect(environmentUrls({ DATABASE_URL: ` ${url} `, ROOT_DATABASE_URL: 'postgres://root@db.internal/postgres' })).toEqual({
      databaseUrl: url,
      shadowUrl: undefined,
      rootUrl: 'postgres://root@db.internal/postgres',
    });
  });

  test.each([
    ['DATABASE_URL', { DATABASE_URL: '' }],
    ['DATABASE_URL', { DATABASE_URL: '  ' }],
    ['SHADOW_DATABASE_URL', { DATABASE_URL: url, SHADOW_DATABASE_URL: '' }],
    ['ROOT_DATABASE_URL', { ROOT_DATABASE_URL: '\t' }],
  ])('a blank %s is an error naming it', (name, env) => {
    expect(() => environmentUrls(env)).toThrow(`${name} is set but empty; set it to a PostgreSQL URL, or unset it (\`unset ${name}\`) to use the embedded PostgreSQL.`);
  });

  test('a shadow or root URL without DATABASE_URL is an error, not the embedded server', () => {
    expect(() => environmentUrls({ SHADOW_DATABASE_URL: url })).toThrow(
      'SHADOW_DATABASE_URL is set but DATABASE_URL is not; set DATABASE_URL too, or unset SHADOW_DATABASE_URL to use the embedded PostgreSQL.',
    );
  });
});

test.each([
  ['true', true],
  ['1', true],
  ['false', false],
  ['', false],
  [undefined, false],
])('CI=%s is CI: %s', (value, expected) => {
  expect(inCi(value === undefined ? {} : { CI: value })).toBe(expected);
});

describe('the CLI', () => {
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    // Where a broken check would put its embedded server: never the checkout's own.
    dataDir = makeTempDir('cfdb-environment');
    chmodSync(dataDir, 0o755);
    copyInitialisedCluster(join(dataDir, 'pg'));
    port = await freePort();
  });


  const env = (extra: Record<string, string | undefined>): NodeJS.ProcessEnv =>
    cliEnv({ CFDB_DATA_DIR: join(dataDir, 'pg'), CFDB_PG_PORT: String(port), CI: undefined, ...extra });

  test('DATABASE_URL= and DATABASE_URL="  " fail naming the variable, and start no server', async () => {
    const results = await Promise.all([runCli(['migrate'], env({ DATABASE_URL: '' })), runCli(['migrate'], env({ DATABASE_URL: '  ' }))]);
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(failureLines(result)).toEqual([
        'cfdb migrate failed: DATABASE_URL is set but empty; set it to a PostgreSQL URL, or unset it (`unset DATABASE_URL`) to use the embedded PostgreSQL.',
      ]);
      expect(result.stderr).not.toContain('embedded PostgreSQL started');
    }
  });

  test('with CI set, migrate refuses the embedded server unless --embedded says so', async () => {
    const refused = await runCli(['migrate'], env({ CI: 'true' }));
    expect(refused.code).toBe(1);
    expect(failureLines(refused)).toEqual([
      'cfdb migrate failed: migrate refuses the embedded PostgreSQL when CI is set: DATABASE_URL is not set; ' +
        'set it to the database to deploy to, or pass --embedded to migrate the local one.',
    ]);
    expect(refused.stderr).not.toContain('embedded PostgreSQL started');

    const allowed = await runCli(['migrate', '--embedded'], env({ CI: 'true' }));
    expect(failureLines(allowed)).toEqual([]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('migrate: applied 000001-');
  }, 180_000);
});
