import { randomBytes } from 'node:crypto';
import { apiRoles, ensureRoles, type ApiRoles } from '../src/db/roles.ts';
import { withClient } from '../src/db/client.ts';
import { cliEnv, failureLines, runCliInProcess } from './helpers/cli.ts';
import { createEmptyDatabase, rootUrl, type ScratchDatabase } from './helpers/database.ts';

/**
 * The API roles (src/db/roles.ts) are cluster-wide: their creation must be
 * idempotent, safe when many processes race on one server, and, where the
 * deploying role may not create roles, refused before anything changes.
 * Every role here has a name unique to this run, and is dropped afterwards.
 */

const run = randomBytes(4).toString('hex');
const made: string[] = [];

function freshRoles(label: string): ApiRoles {
  const roles = { visitor: `cfdb_t${run}_${label}_visitor`, authenticator: `cfdb_t${run}_${label}_auth` };
  made.push(roles.authenticator, roles.visitor);
  return roles;
}

async function roleFacts(names: string[]): Promise<Record<string, { login: boolean; inherit: boolean }>> {
  return withClient(rootUrl(), async (client) => {
    const { rows } = await client.query<{ rolname: string; rolcanlogin: boolean; rolinherit: boolean }>(
      'select rolname, rolcanlogin, rolinherit from pg_roles where rolname = any($1) order by rolname',
      [names],
    );
    return Object.fromEntries(rows.map((r) => [r.rolname, { login: r.rolcanlogin, inherit: r.rolinherit }]));
  });
}

async function isMember(roles: ApiRoles): Promise<boolean> {
  return withClient(rootUrl(), async (client) => {
    const { rows } = await client.query<{ member: boolean }>(`select pg_has_role($1, $2, 'member') as member`, [roles.authenticator, roles.visitor]);
    return rows[0]?.member === true;
  });
}

afterAll(async () => {
  await withClient(rootUrl(), async (client) => {
    // Newest first: a role that created others (the deployer, made before them) holds their memberships.
    for (const role of [...made].reverse()) await client.query(`drop role if exists ${client.escapeIdentifier(role)}`);
  });
});

describe('apiRoles', () => {
  test('defaults to creativeflow_visitor and creativeflow_authenticator, and takes DATABASE_VISITOR / DATABASE_AUTHENTICATOR', () => {
    expect(apiRoles({})).toEqual({ visitor: 'creativeflow_visitor', authenticator: 'creativeflow_authenticator' });
    expect(apiRoles({ DATABASE_VISITOR: 'web_visitor', DATABASE_AUTHENTICATOR: 'web_auth' })).toEqual({ visitor: 'web_visitor', authenticator: 'web_auth' });
  });

  test('refuses a name a migration could not use unquoted, and the same name twice', () => {
    expect(() => apiRoles({ DATABASE_VISITOR: '' })).toThrow(/^DATABASE_VISITOR="" is not a usable role name/);
    expect(() => apiRoles({ DATABASE_VISITOR: 'Visitor; drop table x' })).toThrow(/^DATABASE_VISITOR=.* is not a usable role name/);
    expect(() => apiRoles({ DATABASE_VISITOR: 'same', DATABASE_AUTHENTICATOR: 'same' })).toThrow('DATABASE_VISITOR and DATABASE_AUTHENTICATOR are both same');
  });
});

describe('ensureRoles', () => {
  test('creates the visitor NOLOGIN and the authenticator LOGIN NOINHERIT, granted the visitor; a second run changes nothing', async () => {
    const roles = freshRoles('make');
    await ensureRoles(rootUrl(), roles);
    await ensureRoles(rootUrl(), roles);
    expect(await roleFacts([roles.visitor, roles.authenticator])).toEqual({
      [roles.authenticator]: { login: true, inherit: false },
      [roles.visitor]: { login: false, inherit: true },
    });
    expect(await isMember(roles)).toBe(true);
  });

  test('8 processes racing on one server all succeed', async () => {
    const roles = freshRoles('race');
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => ensureRoles(rootUrl(), roles)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await isMember(roles)).toBe(true);
  });

  describe('as a deploying role without CREATEROLE', () => {
    let db: ScratchDatabase;
    const deployer = `cfdb_t${run}_deployer`;
    const password = randomBytes(8).toString('hex');
    const deployerUrl = (): string => {
      const url = new URL(db.url);
      url.username = deployer;
      url.password = password;
      return url.toString();
    };

    beforeAll(async () => {
      db = await createEmptyDatabase();
      made.unshift(deployer);
      await db.client.query(`create role ${deployer} login password '${password}'`);
      await db.client.query(`alter database ${db.client.escapeIdentifier(db.name)} owner to ${deployer}`);
    });

    afterAll(async () => {
      await db?.drop();
    });

    test('stops with one line naming the statement to run, and creates nothing', async () => {
      const roles = freshRoles('denied');
      await expect(ensureRoles(deployerUrl(), roles)).rejects.toThrow(
        `role ${roles.visitor} and role ${roles.authenticator} are missing and ${deployer} may not create roles (no CREATEROLE); ask an administrator to run: ` +
          `create role ${roles.visitor} nologin; create role ${roles.authenticator} login noinherit; grant ${roles.visitor} to ${roles.authenticator};`,
      );
      expect(await roleFacts([roles.visitor, roles.authenticator])).toEqual({});
    });

    test('migrate refuses before applying anything, naming the role', async () => {
      const roles = freshRoles('migrate');
      const result = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: deployerUrl(), DATABASE_VISITOR: roles.visitor, DATABASE_AUTHENTICATOR: roles.authenticator }));
      expect(result.code).toBe(1);
      expect(failureLines(result)).toEqual([expect.stringContaining(`role ${roles.visitor} and role ${roles.authenticator} are missing and ${deployer} may not create roles`)]);
      const { rows } = await db.client.query<{ tables: number }>(
        `select count(*)::int as tables from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('app_public', 'graphile_migrate')`,
      );
      expect(rows[0]?.tables).toBe(0);
    }, 60_000);

    test('with CREATEROLE, migrate creates the roles and applies every migration', async () => {
      const roles = freshRoles('created');
      await db.client.query(`alter role ${deployer} createrole`);
      const result = await runCliInProcess(['migrate'], cliEnv({ DATABASE_URL: deployerUrl(), DATABASE_VISITOR: roles.visitor, DATABASE_AUTHENTICATOR: roles.authenticator }));
      expect([result.code, failureLines(result)]).toEqual([0, []]);
      expect(Object.keys(await roleFacts([roles.visitor, roles.authenticator])).sort()).toEqual([roles.authenticator, roles.visitor].sort());
      const { rows } = await db.client.query<{ grantee: string }>(
        `select distinct grantee from information_schema.role_table_grants where table_schema = 'app_public' and grantee = $1`,
        [roles.visitor],
      );
      expect(rows).toEqual([{ grantee: roles.visitor }]);
    }, 60_000);
  });
});
