import { log } from '../lib/log.ts';
import { currentMigrationPath } from '../lib/paths.ts';
import type { MigrateOutput } from './settings.ts';

/** graphile-migrate's messages, prefixed with the command that asked. */
export function migrateOutput(command: string, reportErrors = false): MigrateOutput {
  return {
    info: (message) => log.step(`${command}: ${message.replace(/^graphile-migrate:?\s*/, '')}`),
    error: reportErrors ? (message) => log.error(`${command}: ${message}`) : undefined,
    // Only the watch loop reports errors itself, and all it runs after starting is current.sql.
    runningFile: reportErrors ? currentMigrationPath : undefined,
  };
}
