import { openConnections, type ConnectionNeeds, type Connections } from '../db/connections.ts';
import { log } from '../lib/log.ts';
import { migrateSettings, type MigrateOutput } from '../migrate/settings.ts';
import type { Settings } from 'graphile-migrate';
// Not re-exported by graphile-migrate's index; its pools must be closed before the server stops,
// or their idle clients see the shutdown as an error and graphile-migrate exits the process.
import { clearAllPools } from 'graphile-migrate/dist/pgReal.js';

/** graphile-migrate's messages, prefixed with the command that asked. */
export function migrateOutput(command: string, reportErrors = false): MigrateOutput {
  return {
    info: (message) => log.step(`${command}: ${message.replace(/^graphile-migrate:?\s*/, '')}`),
    error: reportErrors ? (message) => log.error(`${command}: ${message}`) : undefined,
  };
}

/**
 * Opens this run's databases (embedded or DATABASE_URL), hands them and the
 * matching graphile-migrate settings to fn, and always releases them, so an
 * embedded server started here is stopped here.
 */
export async function withDatabases<T>(
  command: string,
  needs: Omit<ConnectionNeeds, 'onProgress'> & { reportErrors?: boolean },
  fn: (connections: Connections, settings: Settings) => Promise<T>,
): Promise<T> {
  const connections = await openConnections({ ...needs, onProgress: (m) => log.step(`${command}: ${m}`) });
  try {
    return await fn(connections, migrateSettings(connections, migrateOutput(command, needs.reportErrors)));
  } finally {
    clearAllPools();
    await connections.release();
  }
}
