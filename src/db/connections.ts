import pg from 'pg';
import { parse } from 'pg-connection-string';
import { errorText, UserError } from '../lib/errors.ts';
import { maskSecrets } from '../lib/mask.ts';
import { embeddedDefaults, startEmbedded, type EmbeddedServer } from './embedded.ts';

/**
 * Where a command's databases come from. With DATABASE_URL set, that server
 * (and SHADOW_DATABASE_URL / ROOT_DATABASE_URL where needed); otherwise the
 * embedded server, with the main, shadow and root databases created on demand.
 */

export const EMBEDDED_DATABASE = 'creativeflow';
export const EMBEDDED_SHADOW_DATABASE = 'creativeflow_shadow';
const EMBEDDED_ROOT_DATABASE = 'postgres';

export interface Connections {
  /** 'embedded' or 'DATABASE_URL', for messages. */
  source: 'embedded' | 'DATABASE_URL';
  databaseUrl: string;
  shadowUrl?: string;
  rootUrl?: string;
  /** Stops the embedded server if this process started it; a no-op otherwise. */
  release(): Promise<void>;
}

export interface ConnectionNeeds {
  shadow?: boolean;
  root?: boolean;
  onProgress?: (message: string) => void;
}

export async function openConnections(needs: ConnectionNeeds = {}): Promise<Connections> {
  const env = process.env.DATABASE_URL?.trim();
  return env ? fromEnvironment(env, needs) : fromEmbedded(needs);
}

async function fromEnvironment(databaseUrl: string, needs: ConnectionNeeds): Promise<Connections> {
  assertUrl('DATABASE_URL', databaseUrl);
  const shadowUrl = optionalUrl('SHADOW_DATABASE_URL');
  const rootUrl = optionalUrl('ROOT_DATABASE_URL');
  if (needs.shadow && !shadowUrl) {
    throw new UserError('this command needs SHADOW_DATABASE_URL when DATABASE_URL is set; point it at a scratch database it may drop and recreate.');
  }
  if (needs.root && !rootUrl) {
    throw new UserError('this command needs ROOT_DATABASE_URL when DATABASE_URL is set; point it at a superuser connection (e.g. the postgres database).');
  }
  await assertReachable('DATABASE_URL', databaseUrl);
  return { source: 'DATABASE_URL', databaseUrl, shadowUrl, rootUrl, release: async () => undefined };
}

async function fromEmbedded(needs: ConnectionNeeds): Promise<Connections> {
  const server: EmbeddedServer = await startEmbedded({ ...embeddedDefaults(), onProgress: needs.onProgress });
  try {
    await ensureDatabases(server.url(EMBEDDED_ROOT_DATABASE), [EMBEDDED_DATABASE, EMBEDDED_SHADOW_DATABASE]);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    source: 'embedded',
    databaseUrl: server.url(EMBEDDED_DATABASE),
    shadowUrl: server.url(EMBEDDED_SHADOW_DATABASE),
    rootUrl: server.url(EMBEDDED_ROOT_DATABASE),
    release: () => server.stop(),
  };
}

/** Creates each database that does not exist yet, through a superuser connection. */
export async function ensureDatabases(rootUrl: string, names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: rootUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname = any($1)', [names]);
    const existing = new Set(rows.map((r) => r.datname));
    for (const name of names.filter((n) => !existing.has(n))) {
      await client.query(`create database ${client.escapeIdentifier(name)}`);
    }
  } finally {
    await client.end();
  }
}

function optionalUrl(name: string): string | undefined {
  const value = process.env[name]?.trim();
  if (value) assertUrl(name, value);
  return value || undefined;
}

function assertUrl(name: string, value: string): void {
  const parsed = (() => {
    try {
      return value.startsWith('postgres://') || value.startsWith('postgresql://') ? parse(value) : undefined;
    } catch {
      return undefined;
    }
  })();
  if (!parsed?.database) {
    throw new UserError(`${name}=${maskSecrets(value)} is not a PostgreSQL URL with a database name; for example postgres://user@host:5432/dbname.`);
  }
}

async function assertReachable(name: string, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = errorText(error);
    throw new UserError(`cannot connect to ${name} (${maskSecrets(url)}): ${reason}; check the host, port, database and credentials.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
