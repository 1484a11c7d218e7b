import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, copyMigrations, failureLines, runCliInProcess, type CliResult } from './helpers/cli.ts';
import { createEmptyDatabase, type ScratchDatabase } from './helpers/database.ts';
import { appendCommittedMigration } from './helpers/migrations.ts';

/** `cfdb lint` over a private copy of the migrations. */
function lint(dir: string): Promise<CliResult> {
  return runCliInProcess(['lint'], cliEnv({ CFDB_MIGRATIONS_DIR: dir }));
}

/** The finding lines a lint run printed. */
function findings(result: CliResult): string[] {
  return result.stdout.split('\n').filter((line) => /^\S+\.sql:\d+: /.test(line));
}

const createIndexConcurrently = 'create index concurrently if not exists sessions_device_info_idx on app_public.sessions (device_info);';

describe('cfdb lint', () => {
  test("the repository's migrations lint clean", async () => {
    const result = await runCliInProcess(['lint'], cliEnv({}));
    expect(result.stderr).not.toMatch(/^cfdb /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^lint: no findings in \d+ migration files \(\d+ committed and current\.sql\)$/m);
  });

  test('a CREATE INDEX without CONCURRENTLY on an existing table is caught, at its file and line', async () => {
    const dir = copyMigrations();
    const file = appendCommittedMigration(dir, 'index sessions by device', '-- Find sessions by device.\n\ncreate index sessions_device_info_idx on app_public.sessions (device_info);\n');
    const result = await lint(dir);
    expect(result.code).toBe(1);
    // Three header lines and a blank line, then the body: the statement is on line 7.
    expect(findings(result)).toEqual([
      `${join(dir, 'committed', file)}:7: require-concurrent-index-creation: During normal index creation, table updates are blocked, but reads are still allowed. Use \`concurrently\` to avoid blocking writes.`,
    ]);
    expect(failureLines(result)).toEqual([expect.stringMatching(/^cfdb lint failed: 1 lint finding in 1 of \d+ migration files; make each change safe/)]);
  });

  test('a column type change in current.sql is caught', async () => {
    const dir = copyMigrations();
    writeFileSync(join(dir, 'current.sql'), 'alter table app_public.ai_model_deployments alter column replicas type bigint;\n');
    const result = await lint(dir);
    expect(result.code).toBe(1);
    expect(findings(result)).toEqual([
      expect.stringMatching(new RegExp(`^${join(dir, 'current.sql')}:1: changing-column-type: Changing a column type requires an \`ACCESS EXCLUSIVE\` lock`)),
    ]);
  });

  test('`-- squawk-ignore <rule>: <reason>` accepts a finding, with the reason on the same line', async () => {
    const dir = copyMigrations();
    const change = 'alter table app_public.ai_model_deployments alter column replicas type bigint;\n';
    writeFileSync(join(dir, 'current.sql'), `-- squawk-ignore changing-column-type: the table holds a few hundred rows\n${change}`);
    const accepted = await lint(dir);
    expect(accepted.stderr).not.toMatch(/^cfdb /m);
    expect(accepted.code).toBe(0);
    // The ignore covers the rule it names only.
    writeFileSync(join(dir, 'current.sql'), `-- squawk-ignore prefer-bigint-over-int: not this rule\n${change}`);
    const other = await lint(dir);
    expect(findings(other)).toEqual([expect.stringMatching(/current\.sql:2: changing-column-type: /)]);
  });

  test('the exemption for the first migration covers that file only: the same rule still applies to new work', async () => {
    const dir = copyMigrations();
    writeFileSync(join(dir, 'current.sql'), 'alter table app_public.ai_model_deployments add column max_replicas integer;\n');
    const result = await lint(dir);
    expect(result.code).toBe(1);
    expect(findings(result)).toEqual([expect.stringMatching(/current\.sql:1: prefer-bigint-over-int: /)]);
  });

  test('a --! no-transaction migration with CREATE INDEX CONCURRENTLY is accepted', async () => {
    const dir = copyMigrations();
    appendCommittedMigration(dir, 'index sessions by device', `--! no-transaction\n${createIndexConcurrently}\n`);
    const result = await lint(dir);
    expect(result.stderr).not.toMatch(/^cfdb /m);
    expect(result.code).toBe(0);
  });

  test('the same statement without --! no-transaction is rejected: graphile-migrate would run it in a transaction', async () => {
    const dir = copyMigrations();
    // A single statement: squawk alone would assume a tool runs it outside a transaction.
    const file = appendCommittedMigration(dir, 'index sessions by device', `${createIndexConcurrently}\n`);
    const result = await lint(dir);
    expect(result.code).toBe(1);
    expect(findings(result)).toEqual([
      `${join(dir, 'committed', file)}:5: ban-concurrent-index-creation-in-transaction: While regular index creation can happen inside a transaction, this is not allowed when the \`CONCURRENTLY\` option is used. Build the index outside any transactions. With graphile-migrate: put the statement alone in a migration whose first line is \`--! no-transaction\`.`,
    ]);
  });

  test('current.sql may start with --! no-transaction too, but then holds one statement', async () => {
    const dir = copyMigrations();
    writeFileSync(join(dir, 'current.sql'), `--! no-transaction\n${createIndexConcurrently}\n`);
    expect((await lint(dir)).code).toBe(0);
    writeFileSync(join(dir, 'current.sql'), `--! no-transaction\ndrop index concurrently if exists app_public.sessions_device_info_idx;\n${createIndexConcurrently}\n`);
    const result = await lint(dir);
    expect(result.code).toBe(1);
    expect(findings(result)).toEqual([
      expect.stringMatching(new RegExp(`^${join(dir, 'current.sql')}:1: no-transaction-single-statement: this --! no-transaction file holds 2 statements, which PostgreSQL runs as one implicit transaction`)),
    ]);
  });

  test('a syntax error is one finding, not one per token after it', async () => {
    const dir = copyMigrations();
    writeFileSync(join(dir, 'current.sql'), 'creat tabel app_public.oops (id bigint);\n');
    const result = await lint(dir);
    expect(result.code).toBe(1);
    expect(findings(result)).toEqual([`${join(dir, 'current.sql')}:1: syntax-error: expected command, found IDENT`]);
  });
});

describe('migration timeouts (.gmrc pgSettings)', () => {
  let db: ScratchDatabase;
  afterEach(async () => db?.drop());

  test('a committed migration runs with lock_timeout and statement_timeout set', async () => {
    db = await createEmptyDatabase();
    const dir = copyMigrations();
    appendCommittedMigration(
      dir,
      'record the timeouts',
      "create table app_private.migration_settings as\n  select current_setting('lock_timeout') as lock_timeout, current_setting('statement_timeout') as statement_timeout;\n",
    );
    const result = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: db.url, CFDB_MIGRATIONS_DIR: dir }));
    expect(result.stderr).not.toMatch(/^cfdb /m);
    expect(result.code).toBe(0);
    const { rows } = await db.client.query('select lock_timeout, statement_timeout from app_private.migration_settings');
    expect(rows).toEqual([{ lock_timeout: '5s', statement_timeout: '1min' }]);
  });
});
