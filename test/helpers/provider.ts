import { join } from 'node:path';
import { startEmbedded, type EmbeddedServer } from '../../src/db/embedded.ts';
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

/**
 * A server owned by this run alone: concurrent runs (two terminals, or an
 * editor's test runner) take the next free port, each with its own data
 * folder, which is kept for the next run on that port.
 */
async function startOwnEmbedded(firstPort: number): Promise<EmbeddedServer> {
  let lastError: unknown;
  for (let port = firstPort; port < firstPort + 8; port++) {
    try {
      return await startEmbedded({
        dataDir: join(repoRoot, '.data', 'test-pg', String(port)),
        port,
        reuse: false,
        // Throwaway data: durability is not worth the time.
        settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
      });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export function chosenProvider(): string {
  return process.env.CFDB_TEST_PROVIDER ?? (process.env.TEST_DATABASE_URL ? 'url' : 'embedded');
}

export async function startTestServer(): Promise<TestServer> {
  const provider = chosenProvider();
  if (provider === 'embedded') {
    const server = await startOwnEmbedded(Number(process.env.CFDB_TEST_PG_PORT ?? 54339));
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
