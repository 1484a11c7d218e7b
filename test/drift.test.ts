import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { withClient } from '../src/db/client.ts';
import { driftReport, formatDriftLine } from '../src/drift/report.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { cliEnv, failureLines, runCli, runCliInProcess } from './helpers/cli.ts';
import { copyInitialisedCluster } from './helpers/initialised-cluster.ts';
import { createMigratedDatabase, rootUrl, type ScratchDatabase } from './helpers/database.ts';
import { freePort } from './helpers/ports.ts';

/** A fingerprint from [object, property, value] facts, as catalogFingerprint prints them. */
function fingerprint(facts: [string, string, string][]): string {
  return facts.map((fact) => `${fact.join('\t')}\n`).join('');
}

describe('driftReport', () => {
  const users: [string, string, string][] = [
    ['table app_public.users', 'kind', 'table'],
    ['table app_public.users', 'comment', 'An account.'],
    ['table app_public.users column id', 'type', 'uuid'],
    ['table app_public.users column id', 'not null', 'true'],
  ];

  test('an object on one side only is one line, whatever is nested under it', () => {
    const extra: [string, string, string][] = [
      ['table app_public.notes', 'kind', 'table'],
      ['table app_public.notes column id', 'type', 'bigint'],
      ['table app_public.notes index notes_pkey', 'definition', 'CREATE UNIQUE INDEX notes_pkey ON app_public.notes USING btree (id)'],
    ];
    expect(driftReport(fingerprint(users), fingerprint([...users, ...extra])).map(formatDriftLine)).toEqual([
      'table app_public.notes: expected nothing, found table',
    ]);
    expect(driftReport(fingerprint([...users, ...extra]), fingerprint(users)).map(formatDriftLine)).toEqual([
      'table app_public.notes: expected table, found nothing',
    ]);
  });

  test('a column added to a table that exists on both sides is its own line; a property with no value shows (none)', () => {
    const changed: [string, string, string][] = [
      ['table app_public.users', 'kind', 'table'],
      ['table app_public.users column id', 'type', 'uuid'],
      ['table app_public.users column id', 'not null', 'true'],
      ['table app_public.users column nickname', 'type', 'text'],
      ['table app_public.users column nickname', 'not null', 'false'],
    ];
    expect(driftReport(fingerprint(users), fingerprint(changed)).map(formatDriftLine)).toEqual([
      'table app_public.users: comment: expected An account., found (none)',
      'table app_public.users column nickname: expected nothing, found a column of type text',
    ]);
  });

  test('identical fingerprints: no lines', () => {
    expect(driftReport(fingerprint(users), fingerprint([...users].reverse()))).toEqual([]);
  });
});

describe('cfdb drift', () => {
  let db: ScratchDatabase;
  afterEach(async () => db?.drop());

  test('a database built by the committed migrations has no drift', async () => {
    db = await createMigratedDatabase();
    const result = await runCliInProcess(['drift'], cliEnv({ DATABASE_URL: db.url, ROOT_DATABASE_URL: rootUrl() }));
    expect(result.stderr).not.toMatch(/^cfdb /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^drift: no drift: postgres://\\S+/${db.name} matches what the \\d+ committed migrations? builds? \\(app_public, app_private\\)$`, 'm'));
  });

  test('a column type changed, an index dropped and a table added by hand: exactly those three objects, each with expected and found', async () => {
    db = await createMigratedDatabase();
    await db.client.query(`
      alter table app_public.ai_model_deployments alter column replicas type bigint;
      drop index app_public.sessions_last_activity_idx;
      create table app_public.drift_notes (id bigint primary key, note text);
    `);
    const result = await runCliInProcess(['drift'], cliEnv({ DATABASE_URL: db.url, ROOT_DATABASE_URL: rootUrl() }));
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      'table app_public.ai_model_deployments column replicas: type: expected integer, found bigint',
      'table app_public.drift_notes: expected nothing, found table',
      'table app_public.sessions index sessions_last_activity_idx: expected CREATE INDEX sessions_last_activity_idx ON app_public.sessions USING btree (last_activity), found nothing',
    ]);
    expect(failureLines(result)).toEqual([
      expect.stringMatching(
        new RegExp(`^cfdb drift failed: 3 objects in postgres://postgres:\\*\\*\\*@\\S+/${db.name} differ from what the committed migrations build; put intended changes in a migration`),
      ),
    ]);
  });

  describe('without ROOT_DATABASE_URL', () => {
    const dataDir = join(repoRoot, '.data', 'test-drift', String(process.pid));
    const role = `cfdb_drift_reader_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    afterAll(async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await withClient(rootUrl(), (client) => client.query(`drop role if exists ${role}`));
    });

    test('the reference is built on the embedded PostgreSQL, so a role that may only read the live database suffices', async () => {
      db = await createMigratedDatabase();
      await withClient(rootUrl(), (client) => client.query(`create role ${role} login password '${password}'`));
      await db.client.query(`grant usage on schema graphile_migrate to ${role}; grant select on graphile_migrate.migrations to ${role};`);
      const liveUrl = new URL(db.url);
      liveUrl.username = role;
      liveUrl.password = password;
      // Not a test of initdb: the cluster is there already, as on every run but a checkout's first.
      copyInitialisedCluster(dataDir);
      const env = cliEnv({ DATABASE_URL: liveUrl.toString(), CFDB_DATA_DIR: dataDir, CFDB_PG_PORT: String(await freePort()) });
      // A process of its own: it starts and stops an embedded server, which ties itself to the process.
      const result = await runCli(['drift'], env);
      expect(result.stderr).not.toMatch(/^cfdb /m);
      expect(result.stderr).toContain('drift: no ROOT_DATABASE_URL, so the reference database is built on the embedded PostgreSQL');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^drift: no drift: /m);
      expect(result.stdout + result.stderr).not.toContain(password);
    }, 180_000);
  });
});
