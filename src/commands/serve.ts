import { isLocalUrl } from '../db/local.ts';
import { environmentUrls } from '../db/environment.ts';
import { apiRoles } from '../db/roles.ts';
import { UserError } from '../lib/errors.ts';
import { log } from '../lib/log.ts';
import { maskSecrets } from '../lib/mask.ts';
import { lockTimeoutMs } from '../migrate/lock.ts';
import { createDevSession, DEV_SESSION_HOURS, sessionHeaders } from '../serve/dev-session.ts';
import type { Command } from './command.ts';
import { deploy } from '../migrate/deploy.ts';
import { untilInterrupted, withDatabases } from './session.ts';

/** PostGraphile's own default port. */
export const DEFAULT_SERVE_PORT = 5678;

function portOf(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_SERVE_PORT;
  const port = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(`--port ${String(value)} is not a port number; pass 1-65535 (or 0 for any free port).`);
  }
  return port;
}

/**
 * --as writes a session that signs in as a real user for a day: fine on a
 * development database on this machine, not on a shared or production one
 * unless the person says so.
 */
function refuseRemoteAs(email: string, force: boolean): void {
  const url = environmentUrls()?.databaseUrl;
  if (force || url === undefined || isLocalUrl(url)) return;
  throw new UserError(
    `serve refuses --as ${email} on DATABASE_URL (${maskSecrets(url)}): it is not on this machine, and --as writes a ${DEV_SESSION_HOURS}-hour session ` +
      'that lets anyone holding it act as that user; pass --force if this really is a development database.',
  );
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the GraphQL API (PostGraphile, with Ruru) on 127.0.0.1 over the dev database, as the visitor',
  usage: 'cfdb serve [--port 5678] [--as <email> [--force]]',
  details: [
    'Applies pending committed migrations first (as `cfdb start` does), then serves the API built with the preset',
    'generation uses (@creativeflow/db/graphile.config). Every request runs as the visitor role; a request acts as a',
    'user when it sends `Authorization: Bearer <session id>`, and is anonymous without it.',
    `--as <email> creates a ${DEV_SESSION_HOURS}-hour session for that user (\`npm run seed\` adds alice@example.com) and prints the`,
    'header to send; it is refused on a DATABASE_URL that is not on this machine unless --force is given.',
    'Stop with Ctrl-C; the embedded server stops with it and keeps its data.',
  ],
  options: { port: { type: 'string' }, as: { type: 'string' }, force: { type: 'boolean' } },
  async run(values) {
    const port = portOf(values.port);
    const email = typeof values.as === 'string' ? values.as : undefined;
    if (email !== undefined) refuseRemoteAs(email, values.force === true);
    const roles = apiRoles();
    await withDatabases('serve', { applies: true }, async (connections, settings) => {
      await deploy(connections.databaseUrl, settings, lockTimeoutMs(undefined));
      const session = email === undefined ? undefined : await createDevSession(connections.databaseUrl, email);
      // Loaded here: every other command starts without PostGraphile.
      const { startApiServer } = await import('../serve/api-server.ts');
      const server = await startApiServer({ databaseUrl: connections.databaseUrl, port, roles });
      try {
        log.info(`serve: GraphQL ${server.graphqlUrl}`);
        log.info(`serve: Ruru    ${server.ruruUrl}`);
        if (session) {
          const { header, ruru } = sessionHeaders(session);
          log.info(`serve: acting as ${session.email} until ${session.expiresAt.toISOString()}; send the header`);
          log.info(`  ${header}`);
          log.info(`  Ruru headers: ${ruru}`);
        }
        log.info(`serve: requests without an Authorization header are anonymous; every request runs as ${roles.visitor}. Ctrl-C to stop`);
        await untilInterrupted('serve');
      } finally {
        await server.close();
      }
    });
  },
};
