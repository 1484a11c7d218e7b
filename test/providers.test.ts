import pg from 'pg';
import { chosenProvider } from './helpers/provider.ts';
import { dockerUnavailableReason, startContainer } from './helpers/testcontainers.ts';
import { rootUrl } from './helpers/database.ts';

const dockerReason = await dockerUnavailableReason();

describe('test database providers', () => {
  test(`the ${chosenProvider()} provider serves a working superuser connection`, async () => {
    const client = new pg.Client({ connectionString: rootUrl() });
    await client.connect();
    const { rows } = await client.query<{ superuser: string }>(`select current_setting('is_superuser') as superuser`);
    await client.end();
    expect(rows[0]?.superuser).toBe('on');
  });

  if (dockerReason) {
    // Reported, not failed: this machine has no Docker engine.
    process.stderr.write(`skipping the testcontainers provider test: ${dockerReason}\n`);
  }
  (dockerReason ? test.skip : test)('the testcontainers provider starts PostgreSQL in a container', async () => {
    const server = await startContainer();
    try {
      const client = new pg.Client({ connectionString: server.rootUrl });
      await client.connect();
      const { rows } = await client.query<{ one: number }>('select 1 as one');
      await client.end();
      expect(rows[0]?.one).toBe(1);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
