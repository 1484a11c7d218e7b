import { join } from 'node:path';
import { startEmbedded } from '../../src/db/embedded.ts';
import { repoRoot } from '../../src/lib/paths.ts';

/**
 * Where the test server comes from, chosen by CFDB_TEST_PROVIDER:
 *   embedded (default)  a throwaway embedded PostgreSQL in .data/test-pg
 *   url                 the server of TEST_DATABASE_URL (a superuser URL); the default when it is set
 *   testcontainers      a postgres container (needs a Docker engine)
 * Each yields a superuser URL to a maintenance database, where suites create their own databases.
 */
export interface TestServer {
  provider: string;
  rootUrl: string;
  stop(): Promise<void>;
}

export function chosenProvider(): string {
  return process.env.CFDB_TEST_PROVIDER ?? (process.env.TEST_DATABASE_URL ? 'url' : 'embedded');
}

export async function startTestServer(): Promise<TestServer> {
  const provider = chosenProvider();
  if (provider === 'embedded') {
    const server = await startEmbedded({
      dataDir: join(repoRoot, '.data', 'test-pg'),
      port: Number(process.env.CFDB_TEST_PG_PORT ?? 54339),
      // Throwaway data: durability is not worth the time.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    return { provider, rootUrl: server.url('postgres'), stop: () => server.stop() };
  }
  if (provider === 'url') {
    const rootUrl = process.env.TEST_DATABASE_URL;
    if (!rootUrl) throw new Error('CFDB_TEST_PROVIDER=url needs TEST_DATABASE_URL (a superuser URL to the server under test).');
    return { provider, rootUrl, stop: async () => undefined };
  }
  if (provider === 'testcontainers') {
    const { startContainer } = await import('./testcontainers.ts');
    return startContainer();
  }
  throw new Error(`CFDB_TEST_PROVIDER=${provider} is unknown; use embedded, url or testcontainers.`);
}
