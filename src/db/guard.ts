import { UserError } from '../lib/errors.ts';
import { maskSecrets } from '../lib/mask.ts';
import { environmentUrls } from './environment.ts';
import { isLocalUrl } from './local.ts';

/** The databases a command can erase, by the variable that names them. */
export type ErasedDatabase = 'DATABASE_URL' | 'SHADOW_DATABASE_URL';

/**
 * Refuses, before any connection is made, to let a command erase a database on
 * a server it cannot trust to be a scratch one. graphile-migrate drops and
 * recreates a database by name through ROOT_DATABASE_URL, so that server counts
 * too. The embedded server is always let through, so only DATABASE_URL runs are checked.
 *
 * force: true lets the command through. false means the command offers
 * --force (reset): then any server but the embedded one needs it, whatever its
 * host name, since a loopback address may be a tunnel to production.
 * undefined means it has no such flag (commit and uncommit, which erase only
 * the shadow database): a server on a loopback address or a socket passes.
 */
export function refuseRemoteErase(command: string, erased: ErasedDatabase[], force: boolean | undefined): void {
  const urls = force === true ? undefined : environmentUrls();
  if (!urls) return;
  const byVariable = { DATABASE_URL: urls.databaseUrl, SHADOW_DATABASE_URL: urls.shadowUrl, ROOT_DATABASE_URL: urls.rootUrl };
  for (const variable of [...erased, 'ROOT_DATABASE_URL' as const]) {
    const url = byVariable[variable];
    // A missing or malformed URL is reported by openConnections, with the variable named.
    if (!url || !URL.canParse(url)) continue;
    const local = isLocalUrl(url);
    if (local && force === undefined) continue;
    const what = variable === 'ROOT_DATABASE_URL' ? `to drop databases through ${variable}` : `to erase ${variable}`;
    const why = local
      ? 'only the embedded server is known to be on this machine (a local address may be a tunnel to another)'
      : 'it is not on this machine';
    const advice = force === false ? 'pass --force if you really mean to drop it' : `point ${variable} at a server on this machine`;
    throw new UserError(`${command} refuses ${what} (${maskSecrets(url)}): ${why}; ${advice}.`);
  }
}
