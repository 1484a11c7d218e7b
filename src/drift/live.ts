import type pg from 'pg';
import { migrateOutput } from '../migrate/output.ts';
import { withClient } from '../db/client.ts';
import type { Connections } from '../db/connections.ts';
import { embeddedDefaults, startEmbedded } from '../db/embedded.ts';
import { ensureRoles } from '../db/roles.ts';
import { withScratchDatabase } from '../db/scratch.ts';
import { catalogFingerprint } from '../introspect/fingerprint.ts';
import { log } from '../lib/log.ts';
import { closePools, migrate } from '../migrate/graphile.ts';
import { migrateSettings } from '../migrate/settings.ts';
import { driftReport, type DriftLine } from './report.ts';

/**
 * How the live database (connections.databaseUrl) differs from a reference
 * built from migrations/committed: one line per object, empty when it matches.
 * The live database is only read; `inspect` sees its client first (drift
 * notes there what the history says). command prefixes the progress lines.
 */
export async function liveDrift(
  connections: Connections,
  command: string,
  inspect: (client: pg.Client) => Promise<void> = async () => undefined,
): Promise<DriftLine[]> {
  const live = connections.databaseUrl;
  const found = await withClient(live, async (client) => {
    await inspect(client);
    return catalogFingerprint(client);
  });
  const expected = await withReferenceServer(connections, command, (rootUrl) =>
    withScratchDatabase(rootUrl, `${databaseName(live)}_drift`, async (url) => {
      await ensureRoles(url);
      await migrate(migrateSettings({ ...connections, databaseUrl: url }, migrateOutput(command)));
      closePools();
      return withClient(url, (client) => catalogFingerprint(client));
    }),
  );
  return driftReport(expected, found);
}

/**
 * Runs fn with a superuser URL on the server where the reference database is
 * built: ROOT_DATABASE_URL's (the embedded server's own in dev), or else the
 * embedded PostgreSQL, so that production needs no right to create databases.
 */
async function withReferenceServer<T>(connections: Connections, command: string, fn: (rootUrl: string) => Promise<T>): Promise<T> {
  if (connections.rootUrl) return fn(connections.rootUrl);
  log.step(`${command}: no ROOT_DATABASE_URL, so the reference database is built on the embedded PostgreSQL`);
  const server = await startEmbedded({ ...embeddedDefaults(), onProgress: (message) => log.step(`${command}: ${message}`) });
  try {
    return await fn(server.url('postgres'));
  } finally {
    await server.stop();
  }
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}
