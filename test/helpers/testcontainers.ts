import { getContainerRuntimeClient } from 'testcontainers';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import type { TestServer } from './provider.ts';

/** Why containers cannot run here, or undefined when a Docker engine answers. */
export async function dockerUnavailableReason(): Promise<string | undefined> {
  try {
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    return `no Docker engine reachable (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

export async function startContainer(): Promise<TestServer> {
  const reason = await dockerUnavailableReason();
  if (reason) throw new Error(`CFDB_TEST_PROVIDER=testcontainers: ${reason}; use the embedded provider on this machine.`);
  const container = await new PostgreSqlContainer(process.env.CFDB_TEST_IMAGE ?? 'postgres:15-alpine').start();
  const url = new URL(container.getConnectionUri());
  url.pathname = '/postgres';
  return { provider: 'testcontainers', rootUrl: url.toString(), stop: async () => void (await container.stop()) };
}
