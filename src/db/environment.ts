import { parse } from 'pg-connection-string';
import { UserError } from '../lib/errors.ts';
import { maskSecrets } from '../lib/mask.ts';

/**
 * The connection variables, read in one place. None set means the embedded
 * server; anything else must be deliberate: a variable that is set but blank
 * (a CI secret that did not arrive) is an error naming it, never a quiet
 * fallback to a throwaway local database.
 */

export const URL_VARIABLES = ['DATABASE_URL', 'SHADOW_DATABASE_URL', 'ROOT_DATABASE_URL'] as const;
export type UrlVariable = (typeof URL_VARIABLES)[number];

export interface EnvironmentUrls {
  databaseUrl: string;
  shadowUrl?: string;
  rootUrl?: string;
}

/** The URLs from the environment, or undefined when none is set (the embedded server). */
export function environmentUrls(env: NodeJS.ProcessEnv = process.env): EnvironmentUrls | undefined {
  const set = URL_VARIABLES.filter((name) => env[name] !== undefined);
  for (const name of set) {
    if (env[name]?.trim() === '') {
      throw new UserError(`${name} is set but empty; set it to a PostgreSQL URL, or unset it (\`unset ${name}\`) to use the embedded PostgreSQL.`);
    }
  }
  if (set.length === 0) return undefined;
  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl === undefined) {
    const stray = set[0];
    throw new UserError(`${stray} is set but DATABASE_URL is not; set DATABASE_URL too, or unset ${stray} to use the embedded PostgreSQL.`);
  }
  const optional = (name: UrlVariable): string | undefined => {
    const value = env[name];
    return value === undefined ? undefined : checkedUrl(name, value);
  };
  return { databaseUrl: checkedUrl('DATABASE_URL', databaseUrl), shadowUrl: optional('SHADOW_DATABASE_URL'), rootUrl: optional('ROOT_DATABASE_URL') };
}

/** CI=true, as GitHub Actions, GitLab and most others set it (any value but false/0). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && !['', 'false', '0'].includes(value);
}

/** The value, trimmed, if it is a PostgreSQL URL with a database name. */
function checkedUrl(name: UrlVariable, raw: string): string {
  const value = raw.trim();
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
  return value;
}
