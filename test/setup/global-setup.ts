import { databaseUrl, migrateDatabase, recreateDatabase, TEMPLATE } from '../helpers/database.ts';
import { startTestServer, type TestServer } from '../helpers/provider.ts';

declare global {
  // Handed from setup to teardown, which run in the same process.
  var cfdbTestServer: TestServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  const server = await startTestServer();
  globalThis.cfdbTestServer = server;
  // Workers are started after this and inherit the environment.
  process.env.CFDB_TEST_ROOT_URL = server.rootUrl;
  await recreateDatabase(TEMPLATE);
  await migrateDatabase(databaseUrl(TEMPLATE, server.rootUrl));
  process.stderr.write(`\ntest server: ${server.provider}; template ${TEMPLATE} migrated\n`);
}
