import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withClient } from '../src/db/client.ts';
import { cliEnv, copyMigrations, failureLines, runCliInProcess } from './helpers/cli.ts';
import { createMigratedDatabase, databaseUrl, rootUrl, type ScratchDatabase } from './helpers/database.ts';
import { appendCommittedMigration } from './helpers/migrations.ts';

/**
 * Every SQL error names file:line and the SQLSTATE, also the ones PostgreSQL
 * gives no position for ("already exists", "does not exist", a violated
 * constraint): then the line is the one that names the object.
 * (The dev loop's own line: test/dev-guards.test.ts.)
 */

let db: ScratchDatabase;
let dir: string;
let current: string;

beforeEach(async () => {
  db = await createMigratedDatabase();
  dir = copyMigrations();
  current = join(dir, 'current.sql');
});
afterEach(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

const rerun = 'migrations run again on every save and commit, so drop what the file creates (if exists) before creating it';

test('watch: "already exists" (42P07) names current.sql and the line that creates it', async () => {
  writeFileSync(current, '-- Enter migration here\nselect 1;\n\ncreate table app_public.users (id int);\n');
  const result = await runCliInProcess(['watch', '--once'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
  expect(result.code).toBe(1);
  expect(failureLines(result)).toEqual([`cfdb watch failed: ${current}:4: relation "users" already exists (42P07) in: create table app_public.users (id int);; ${rerun}`]);
});

test('watch: "does not exist" carries its SQLSTATE and the line that names the object', async () => {
  writeFileSync(current, '-- Enter migration here\n-- app_public.nope is mentioned in a comment first\nselect 1;\nalter table app_public.nope add column x text;\n');
  const result = await runCliInProcess(['watch', '--once'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
  expect(result.code).toBe(1);
  expect(failureLines(result)).toEqual([`cfdb watch failed: ${current}:4: relation "app_public.nope" does not exist (42P01) in: alter table app_public.nope add column x text;`]);
});

test('migrate: a violated constraint names the committed file and its line', async () => {
  const file = appendCommittedMigration(dir, 'bad insert', '-- A user without an email.\n\ninsert into app_public.users (email) values (null);\n');
  const path = join(dir, 'committed', file);
  const result = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
  expect(result.code).toBe(1);
  // Three header lines and a blank line, then the body: the insert is on line 7.
  expect(failureLines(result)).toEqual([
    `cfdb migrate failed: ${path}:7: null value in column "email" of relation "users" violates not-null constraint (23502) ` +
      `in: insert into app_public.users (email) values (null);; ${file} was rolled back; nothing else was applied; fix the cause and run migrate again.`,
  ]);
});

test('commit: an error in current.sql on the shadow database names current.sql:line and the SQLSTATE', async () => {
  const shadow = `${db.name}_shadow`;
  writeFileSync(current, '-- Enter migration here\nalter table app_public.nope add column x text;\n');
  try {
    const result = await runCliInProcess(
      ['commit', '-m', 'nope'],
      cliEnv({ DATABASE_URL: db.url, SHADOW_DATABASE_URL: databaseUrl(shadow), ROOT_DATABASE_URL: rootUrl(), CFDB_MIGRATIONS_DIR: dir }),
    );
    expect(result.code).toBe(1);
    expect(failureLines(result)).toEqual([`cfdb commit failed: ${current}:2: relation "app_public.nope" does not exist (42P01) in: alter table app_public.nope add column x text;`]);
  } finally {
    await withClient(rootUrl(), (client) => client.query(`drop database if exists ${client.escapeIdentifier(shadow)} with (force)`));
  }
}, 120_000);
