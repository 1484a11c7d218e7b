import type pg from 'pg';
import { UserError } from '../lib/errors.ts';
import { DEFAULT_VISITOR_ROLE } from '../api/identity.ts';
import { withClient } from './client.ts';

/**
 * The two roles the API runs as (docs/security.md):
 * - the authenticator (LOGIN NOINHERIT) is what an API server or backend
 *   connects as; on its own it may do nothing;
 * - the visitor (NOLOGIN, granted to the authenticator) is what each request
 *   becomes with `set local role`, and what every grant and policy names.
 * Migrations name them only through the placeholders :DATABASE_VISITOR and
 * :DATABASE_AUTHENTICATOR, so each environment may choose its own names.
 */
export interface ApiRoles {
  visitor: string;
  authenticator: string;
}

export const DEFAULT_ROLES: ApiRoles = { visitor: DEFAULT_VISITOR_ROLE, authenticator: 'creativeflow_authenticator' };

// Unquoted in migrations, so only names that need no quoting.
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The role names of this environment: DATABASE_VISITOR and DATABASE_AUTHENTICATOR, or the defaults. */
export function apiRoles(env: NodeJS.ProcessEnv = process.env): ApiRoles {
  const pick = (variable: string, fallback: string): string => {
    const value = env[variable];
    if (value === undefined) return fallback;
    if (!ROLE_NAME.test(value)) {
      throw new UserError(`${variable}=${JSON.stringify(value)} is not a usable role name; use lower-case letters, digits and _ (at most 63), or unset it for ${fallback}.`);
    }
    return value;
  };
  const roles = { visitor: pick('DATABASE_VISITOR', DEFAULT_ROLES.visitor), authenticator: pick('DATABASE_AUTHENTICATOR', DEFAULT_ROLES.authenticator) };
  if (roles.visitor === roles.authenticator) {
    throw new UserError(`DATABASE_VISITOR and DATABASE_AUTHENTICATOR are both ${roles.visitor}; the two roles must differ.`);
  }
  return roles;
}

/** graphile-migrate placeholders: each migration sees the role names of this environment. */
export function rolePlaceholders(roles: ApiRoles): Record<string, string> {
  return { ':DATABASE_VISITOR': roles.visitor, ':DATABASE_AUTHENTICATOR': roles.authenticator };
}

/** Migration text as graphile-migrate runs it: the role placeholders replaced by the names (on one line, so lines keep their numbers). */
export function withRolePlaceholders(text: string, roles: ApiRoles = apiRoles()): string {
  const placeholders = rolePlaceholders(roles);
  return text.replace(/:DATABASE_[A-Z_]+\b/g, (token) => placeholders[token] ?? token);
}

// 42710 duplicate_object, 23505 unique_violation, XX000 "tuple concurrently updated": another
// session created the role or granted the membership at the same moment; roles are cluster-wide.
const RACED = new Set(['42710', '23505', 'XX000']);
const ATTEMPTS = 5;

/**
 * Makes sure both roles exist on the server of url and the authenticator may
 * become the visitor. Creates what is missing where the connecting role may
 * (superuser or CREATEROLE). Where it may not, nothing is changed and the
 * error names the statement an administrator must run. Safe to run from many
 * processes at once against one server.
 */
export async function ensureRoles(url: string, roles: ApiRoles = apiRoles()): Promise<void> {
  await withClient(url, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await createMissing(client, roles);
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS || !RACED.has((error as { code?: string }).code ?? '')) throw error;
      }
    }
  });
}

interface RoleState {
  missing: string[];
  member: boolean;
  canCreate: boolean;
  user: string;
}

async function roleState(client: pg.ClientBase, roles: ApiRoles): Promise<RoleState> {
  const { rows: [state] } = await client.query<RoleState>(
    `select array(select n from unnest($1::text[]) with ordinality as wanted (n, i)
                   where not exists (select 1 from pg_roles r where r.rolname = n) order by i) as missing,
            exists (select 1 from pg_auth_members m
                      join pg_roles g on g.oid = m.roleid and g.rolname = $2
                      join pg_roles u on u.oid = m.member and u.rolname = $3) as member,
            (select rolsuper or rolcreaterole from pg_roles where rolname = current_user) as "canCreate",
            current_user as user`,
    [[roles.visitor, roles.authenticator], roles.visitor, roles.authenticator],
  );
  if (!state) throw new Error('the role query returned no row');
  return state;
}

async function createMissing(client: pg.ClientBase, roles: ApiRoles): Promise<void> {
  const state = await roleState(client, roles);
  const statements = [
    ...(state.missing.includes(roles.visitor) ? [`create role ${roles.visitor} nologin`] : []),
    ...(state.missing.includes(roles.authenticator) ? [`create role ${roles.authenticator} login noinherit`] : []),
    ...(state.member ? [] : [`grant ${roles.visitor} to ${roles.authenticator}`]),
  ];
  if (statements.length === 0) return;
  if (!state.canCreate) {
    throw new UserError(
      `${state.missing.length > 0 ? `role ${state.missing.join(' and role ')}` : `the membership of ${roles.authenticator} in ${roles.visitor}`} ${state.missing.length > 1 ? 'are' : 'is'} missing ` +
        `and ${state.user} may not create roles (no CREATEROLE); ` +
        `ask an administrator to run: ${statements.join('; ')};`,
    );
  }
  for (const statement of statements) await client.query(statement);
}
