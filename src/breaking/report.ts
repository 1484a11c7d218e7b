import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbTypesPath } from '../emit/db-types.ts';
import { GRAPHQL_SCHEMA_PATH } from '../graphql/files.ts';
import { log } from '../lib/log.ts';
import { formatChange, summarizeChanges, type ApiChange } from './change.ts';
import { exportChanges } from './export-changes.ts';
import { schemaChanges } from './schema-changes.ts';

/** The files consumers build against, by path; a file that does not exist (yet) is left out. */
export type ApiFiles = Map<string, string>;

export const API_FILES = [GRAPHQL_SCHEMA_PATH, dbTypesPath] as const;

/** The API files as they are on disk under root. */
export function readApiFiles(root: string): ApiFiles {
  return new Map(API_FILES.filter((path) => existsSync(join(root, path))).map((path) => [path, readFileSync(join(root, path), 'utf8')]));
}

/** The breaking (and dangerous) changes from previous to next; a file new in next has none. */
export async function apiChanges(previous: ApiFiles, next: ApiFiles): Promise<ApiChange[]> {
  const pair = (path: string): [string, string] | undefined => {
    const before = previous.get(path);
    const after = next.get(path);
    return before === undefined || after === undefined || before === after ? undefined : [before, after];
  };
  const sdl = pair(GRAPHQL_SCHEMA_PATH);
  const types = pair(dbTypesPath);
  return [...(sdl ? await schemaChanges(...sdl) : []), ...(types ? exportChanges(dbTypesPath, ...types) : [])];
}

/** One line per change (breaking on stderr, so CI logs show them), then the summary naming what was compared. */
export function logApiChanges(command: string, against: string, changes: readonly ApiChange[]): void {
  for (const change of changes) (change.level === 'breaking' ? log.error : log.info)(`${command}: ${formatChange(change)}`);
  log.info(`${command}: ${summarizeChanges(changes)} (against ${against})`);
}
