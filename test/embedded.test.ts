import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbedded } from '../src/db/embedded.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { cliEnv, runCli } from './helpers/cli.ts';
import { copyInitialisedCluster } from './helpers/initialised-cluster.ts';
import { exited, startWatch } from './helpers/watch-process.ts';

/**
 * The embedded server's lifecycle, on its own data folders and ports so it
 * never touches the dev server or the test server.
 */
const base = join(repoRoot, '.data', 'test-lifecycle');

function postgresRunningOn(dataDir: string): boolean {
  return spawnSync('pgrep', ['-f', `postgres -D ${dataDir}`]).status === 0;
}

beforeAll(() => {
  // Folders a killed run left behind would not take a fresh copy.
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('embedded PostgreSQL', () => {
  test('a second start on the same folder reuses the running server; stop leaves no process and keeps the data', async () => {
    const dataDir = copyInitialisedCluster(join(base, 'reuse'));
    const first = await startEmbedded({ dataDir, port: 54351 });
    try {
      expect(first.reused).toBe(false);
      const second = await startEmbedded({ dataDir, port: 54351 });
      expect(second.reused).toBe(true);
      expect(second.port).toBe(54351);
      await second.stop(); // a no-op: the first owner stops it
      expect(postgresRunningOn(dataDir)).toBe(true);
    } finally {
      await first.stop();
    }
    expect(postgresRunningOn(dataDir)).toBe(false);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });

  test('a port taken by another program is reported with what to do', async () => {
    const dataDir = copyInitialisedCluster(join(base, 'busy'));
    const blocker = await startEmbedded({ dataDir: copyInitialisedCluster(join(base, 'blocker')), port: 54352 });
    try {
      await expect(startEmbedded({ dataDir, port: 54352 })).rejects.toThrow(
        'port 54352 is already in use by another program; set CFDB_PG_PORT to a free port for the embedded PostgreSQL.',
      );
    } finally {
      await blocker.stop();
    }
  });

  test('Ctrl-C during watch stops the server it started and keeps the data', async () => {
    // Initialising an empty folder is server-lifecycle.test.ts's first test; here the data must outlive Ctrl-C.
    const dataDir = copyInitialisedCluster(join(base, 'watch'));
    const env = cliEnv({ CFDB_DATA_DIR: dataDir, CFDB_PG_PORT: '54353' });
    const child = await startWatch(env);
    expect(postgresRunningOn(dataDir)).toBe(true);
    child.kill('SIGINT');
    await exited(child);
    expect(postgresRunningOn(dataDir)).toBe(false);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

    const again = await runCli(['status'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('creating the embedded PostgreSQL cluster');
  });
});
