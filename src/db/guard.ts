import { UserError } from '../lib/errors.ts';
import { maskSecrets } from '../lib/mask.ts';
import { environmentUrls } from './environment.ts';
import { isLocalUrl } from './local.ts';

/** The databases a command can erase, by the variable that names them. */
export type ErasedDatabase = 'DATABASE_URL' | 'SHADOW_DATABASE_URL';

/**
 * Refuses, before any connection is made, to let a command erase a database on
 * a server that is not on this machine. graphile-migrate drops and recreates a
 * database by name through ROOT_DATABASE_URL, so that server must be local too.
 * The embedded server always is, so only DATABASE_URL runs are checked.
 *
 * force: true lets the command through; false means it offers --force (and the
 * message says so); undefined means it has no such flag yet.
 */
export function refuseRemoteErase(command: string, erased: ErasedDatabase[], force: boolean | undefined): void {
  const urls = force === true ? undefined : environmentUrls();
  if (!urls) return;
  const byVariable = { DATABASE_URL: urls.databaseUrl, SHADOW_DATABASE_URL: urls.shadowUrl, ROOT_DATABASE_URL: urls.rootUrl };
  for (const variable of [...erased, 'ROOT_DATABASE_URL' as const]) {
    const url = byVariable[variable];
    // A missing URL is reported by openConnections, with the variable named.
    if (!url || !URL.canParse(url) || isLocalUrl(url)) continue;
    const what = variable === 'ROOT_DATABASE_URL' ? `to drop databases through ${variable}` : `to erase ${variable}`;
    const advice = force === false ? 'pass --force if you really mean to drop it' : `point ${variable} at a server on this machine`;
    throw new UserError(`${command} refuses ${what} (${maskSecrets(url)}): it is not on this machine; ${advice}.`);
  }
}
