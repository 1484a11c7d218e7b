import { readFileSync } from 'node:fs';
import JSON5 from 'json5';
import type { Connections } from '../db/connections.ts';
import { apiRoles, rolePlaceholders } from '../db/roles.ts';
import { UserError } from '../lib/errors.ts';
import { gmrcPath, migrationsDir } from '../lib/paths.ts';
import { describeMigrationError } from './errors.ts';
import { migrateLogger, type Settings } from './graphile.ts';

/** What graphile-migrate says reaches the person through here: secrets masked, timestamps dropped, DB errors as one line. */
export interface MigrateOutput {
  info(message: string): void;
  /** Only for errors graphile-migrate swallows (the watch loop); others are thrown and reported once by the CLI. */
  error?(message: string): void;
  /** The file graphile-migrate runs when it reports an error, for errors PostgreSQL gives no position for. */
  runningFile?: string;
}

/**
 * graphile-migrate settings: the project's .gmrc (which holds no connection
 * strings) plus the connections of this run, so the environment always wins,
 * and the role placeholders (:DATABASE_VISITOR, :DATABASE_AUTHENTICATOR).
 */
export function migrateSettings(connections: Connections, output: MigrateOutput): Settings {
  const gmrc = readGmrc();
  return {
    ...gmrc,
    placeholders: { ...gmrc.placeholders, ...rolePlaceholders(apiRoles()) },
    migrationsFolder: migrationsDir,
    connectionString: connections.databaseUrl,
    shadowConnectionString: connections.shadowUrl,
    rootConnectionString: connections.rootUrl,
    logger: makeLogger(output),
  };
}

function readGmrc(): Settings {
  let parsed: unknown;
  try {
    parsed = JSON5.parse(readFileSync(gmrcPath, 'utf8'));
  } catch (error) {
    throw new UserError(`.gmrc could not be read: ${error instanceof Error ? error.message : String(error)}; fix its JSON5.`);
  }
  const settings = parsed as Settings;
  for (const key of ['connectionString', 'shadowConnectionString', 'rootConnectionString'] as const) {
    if (settings[key] !== undefined) {
      throw new UserError(`.gmrc sets ${key}; remove it and use DATABASE_URL, SHADOW_DATABASE_URL or ROOT_DATABASE_URL so the environment decides.`);
    }
  }
  return settings;
}

function makeLogger(output: MigrateOutput): ReturnType<typeof migrateLogger> {
  return migrateLogger((level, message, error) => {
    if (level === 'error') {
      output.error?.(describeMigrationError(error, output.runningFile) ?? firstLine(message));
      return;
    }
    // Display only: the timestamp graphile-migrate puts first goes (our log lines carry none).
    output.info(firstLine(message.replace(/^\[[^\]]*\]:\s*/, '')));
  });
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text;
}
