import pg from 'pg';
import { errorText, UserError } from '../lib/errors.ts';
import { maskSecrets } from '../lib/mask.ts';
import { embeddedDefaults, startEmbedded, type EmbeddedServer } from './embedded.ts';
import { environmentUrls, type EnvironmentUrls } from './environment.ts';

/**
 * Where a command's databases come from. With DATABASE_URL set, that server
 * (and SHADOW_DATABASE_URL / ROOT_DATABASE_URL where needed); otherwise the
 * embedded server, with the main, shadow and root databases created on demand.
 */

export const EMBEDDED_DATABASE = 'creativeflow';
export const EMBEDDED_SHADOW_DATABASE = 'creativeflow_shadow';
export const EMBEDDED_ROOT_DATABASE = 'postgres';

export interface Connections {
  /** 'embedded' or 'DATABASE_URL', for messages. */
  source: 'embedded' | 'DATABASE_URL';
  databaseUrl: string;
  shadowUrl?: string;
  rootUrl?: string;
  /** Leaves the embedded server (stopped if this was its last user); a no-op for DATABASE_URL. */
  release(): Promise<void>;
}

export interface ConnectionNeeds {
  shadow?: boolean;
  root?: boolean;
  onProgress?: (message: string) => void;
}

export async function openConnections(needs: ConnectionNeeds = {}): Promise<Connections> {
  const urls = environmentUrls();
  return urls ? fromEnvironment(urls, needs) : openEmbedded(needs);
}

async function fromEnvironment(urls: EnvironmentUrls, needs: ConnectionNeeds): Promise<Connections> {
  if (needs.shadow && !urls.shadowUrl) {
    throw new UserError('this command needs SHADOW_DATABASE_URL when DATABASE_URL is set; point it at a scratch database it may drop and recreate.');
  }
  if (needs.root && !urls.rootUrl) {
    throw new UserError('this command needs ROOT_DATABASE_URL when DATABASE_URL is set; point it at a superuser connection (e.g. the postgres database).');
  }
  await assertReachable('DATABASE_URL', urls.databaseUrl);
  return { source: 'DATABASE_URL', ...urls, release: async () => undefined };
}

/** The embedded server's main, shadow and root databases, whatever the environment says. */
export async function openEmbedded(needs: Pick<ConnectionNeeds, 'onProgress'> = {}): Promise<Connections> {
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

/** Creates each database that does not exist yet, through a superuser connection; another command creating it at the same time is fine. */
export async function ensureDatabases(rootUrl: string, names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: rootUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname = any($1)', [names]);
    const existing = new Set(rows.map((r) => r.datname));
    for (const name of names.filter((n) => !existing.has(n))) {
      await client.query(`create database ${client.escapeIdentifier(name)}`).catch((error: unknown) => {
        // 42P04 duplicate_database, or 23505 when both inserts reach pg_database at once.
        if (!['42P04', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
      });
    }
  } finally {
    await client.end();
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
