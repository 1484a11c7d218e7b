import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withClient } from '../../src/db/client.ts';
import { ensureRoles, withRolePlaceholders } from '../../src/db/roles.ts';
import { closePools, migrate } from '../../src/migrate/graphile.ts';
import { readCommittedFiles } from '../../src/migrate/migration-file.ts';
import { migrateSettings } from '../../src/migrate/settings.ts';

/**
 * Scratch databases for tests. global-setup builds TEMPLATE once (every
 * committed migration applied); each suite clones it, which takes
 * milliseconds, and drops its clone afterwards.
 */
export const TEMPLATE = 'cfdb_test_template';

export interface ScratchDatabase {
  name: string;
  url: string;
  /** A connected client on the database; closed by drop(). */
  client: pg.Client;
  drop(): Promise<void>;
}

export function rootUrl(): string {
  const url = process.env.CFDB_TEST_ROOT_URL;
  if (!url) throw new Error('CFDB_TEST_ROOT_URL is not set: run the tests through jest (test/global-setup.ts starts the server).');
  return url;
}

export function databaseUrl(name: string, base = rootUrl()): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

const quiet = { info: () => undefined, error: () => undefined };

/** Applies every committed migration to the database at url, as `cfdb migrate` does. */
export async function migrateDatabase(url: string): Promise<void> {
  await ensureRoles(url);
  await migrate(migrateSettings({ source: 'DATABASE_URL', databaseUrl: url, release: async () => undefined }, quiet));
  closePools();
}

export async function recreateDatabase(name: string, template = 'template0'): Promise<void> {
  await withClient(rootUrl(), async (client) => {
    await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
    await client.query(`create database ${client.escapeIdentifier(name)} template ${client.escapeIdentifier(template)}`);
  });
}

async function scratch(template: string): Promise<ScratchDatabase> {
  const name = `cfdb_test_${randomBytes(5).toString('hex')}`;
  await recreateDatabase(name, template);
  const url = databaseUrl(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    name,
    url,
    client,
    async drop() {
      await client.end();
      closePools();
      await withClient(rootUrl(), (root) => root.query(`drop database if exists ${root.escapeIdentifier(name)} with (force)`));
    },
  };
}

/** A fresh database with every committed migration applied. */
export function createMigratedDatabase(): Promise<ScratchDatabase> {
  return scratch(TEMPLATE);
}

/** A fresh, empty database. */
export function createEmptyDatabase(): Promise<ScratchDatabase> {
  return scratch('template0');
}

export interface CommittedMigrationBody {
  file: string;
  body: string;
}

/** The committed migrations in order, each body as graphile-migrate runs it: headers off, role names in place of the placeholders. */
export function committedMigrationBodies(): CommittedMigrationBody[] {
  return readCommittedFiles().map((m) => ({ file: m.realFilename, body: withRolePlaceholders(m.body) }));
}

/** A fresh database holding only the first `count` committed migrations: the schema as it was before a later one. */
export async function createDatabaseThrough(count: number): Promise<ScratchDatabase> {
  const db = await createEmptyDatabase();
  for (const { body } of committedMigrationBodies().slice(0, count)) await db.client.query(body);
  return db;
}
