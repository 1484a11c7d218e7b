import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { databaseUrl, migrateDatabase, recreateDatabase, TEMPLATE } from '../helpers/database.ts';
import { prepareInitialisedCluster } from '../helpers/initialised-cluster.ts';
import { startTestServer, type TestServer } from '../helpers/provider.ts';
import { createRunTempDir, RUN_CACHE } from './run-temp-dir.ts';

declare global {
  // Handed from setup to teardown, which run in the same process.
  var cfdbTestServer: TestServer | undefined;
  var cfdbTestTempDir: string | undefined;
}

export default async function globalSetup(): Promise<void> {
  const server = await startTestServer();
  globalThis.cfdbTestServer = server;
  // Workers are started after this and inherit the environment.
  process.env.CFDB_TEST_ROOT_URL = server.rootUrl;
  globalThis.cfdbTestTempDir = createRunTempDir();
  // Rendered PNGs are cached per run, not in the checkout's .data/cache: every run starts by rendering.
  process.env.CFDB_CACHE_DIR = join(globalThis.cfdbTestTempDir, RUN_CACHE);
  mkdirSync(process.env.CFDB_CACHE_DIR);
  // The cluster the embedded-server tests copy is made (first run only) while the template migrates.
  await Promise.all([
    prepareInitialisedCluster(),
    recreateDatabase(TEMPLATE).then(() => migrateDatabase(databaseUrl(TEMPLATE, server.rootUrl))),
  ]);
  process.stderr.write(`\ntest server: ${server.provider}; template ${TEMPLATE} migrated\n`);
}
