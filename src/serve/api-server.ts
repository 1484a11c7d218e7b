import '../graphql/quiet-grafast.ts';
import './promise-with-resolvers.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { pgSettingsFor, preset } from '../api/graphile.config.ts';
import { asRole, closablePool } from '../db/closable-pool.ts';
import type { ApiRoles } from '../db/roles.ts';
import { UserError } from '../lib/errors.ts';

/**
 * The API PostGraphile serves over one database, on 127.0.0.1 only, with Ruru.
 *
 * Every pooled connection logs in with the URL's credentials and starts as the
 * authenticator (startup option `role`), so it holds exactly the
 * authenticator's privileges, which are none: each request then becomes the
 * visitor through the preset's pgSettings, as a production server does, and
 * the membership grant is used as in production. The authenticator itself has
 * no password (a password would be one more secret to keep, and resetting it
 * at start would cut off another server on the same cluster).
 */

export const API_HOST = '127.0.0.1';
export const GRAPHQL_PATH = '/graphql';
export const RURU_PATH = '/';

export interface ApiServerOptions {
  /** Credentials that may become the authenticator (the owner on a local server). */
  databaseUrl: string;
  /** 0 picks a free port. */
  port: number;
  roles: ApiRoles;
  schemas?: readonly string[];
}

export interface ApiServer {
  port: number;
  graphqlUrl: string;
  ruruUrl: string;
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { roles } = options;
  const { pool, close: closePool } = closablePool({ connectionString: options.databaseUrl, options: asRole(roles.authenticator) });
  const pgService = makePgService({
    pool,
    schemas: [...(options.schemas ?? ['app_public'])],
    pubsub: false,
    pgSettings: pgSettingsFor(roles.visitor),
    // The schema PostGraphile builds is the visitor's, as generation builds it.
    pgSettingsForIntrospection: { role: roles.visitor },
  });
  const pgl = postgraphile({
    extends: [preset],
    pgServices: [pgService],
    grafserv: {
      graphqlPath: GRAPHQL_PATH,
      graphiql: true,
      graphiqlPath: RURU_PATH,
      watch: false,
      // A development server: the database's own refusal ("new row violates row-level security policy…")
      // is the message a frontend developer needs, where production masks it behind an error id.
      maskError: (error) => error,
    },
  });
  const server = createServer();
  const release = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await pgl.release();
    await closePool();
  };
  try {
    // Built before listening, so a schema or connection problem stops the command here.
    await Promise.resolve(pgl.getSchema()).catch((error: unknown) => {
      throw connectionFailure(error, roles);
    });
    await pgl.createServ(grafserv).addTo(server);
    const port = await listen(server, options.port);
    const base = `http://${API_HOST}:${port}`;
    return { port, graphqlUrl: `${base}${GRAPHQL_PATH}`, ruruUrl: `${base}${RURU_PATH}`, close: release };
  } catch (error) {
    await pgl.release();
    await closePool();
    throw error;
  }
}

/** Listens on 127.0.0.1 only; a port in use is a one-line error. */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(`port ${port} on ${API_HOST} is already in use; stop what listens there or pass another with --port.`)
          : error,
      );
    });
    server.listen(port, API_HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

/** 42501 at login: the URL's user may not become the authenticator. */
function connectionFailure(error: unknown, roles: ApiRoles): unknown {
  const { code, message } = error as { code?: string; message?: string };
  if (code !== '42501') return error;
  return new UserError(
    `the DATABASE_URL user may not become ${roles.authenticator} (${message ?? 'permission denied'}); ` +
      `connect as a superuser or a member: grant ${roles.authenticator} to <that user>;`,
    { cause: error },
  );
}
