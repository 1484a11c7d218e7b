import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { tableTypeName } from '../src/emit/ts-names.ts';
import { repoRoot } from '../src/lib/paths.ts';
import type { TableName } from './fixtures/good-rows.ts';
import { readUnreadableColumns } from './helpers/access-matrix.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { insertSecurityFixture, setRole, type SecurityFixture } from './helpers/security-fixture.ts';
import { asVisitor, outcome, type Outcome } from './helpers/visitor.ts';

/**
 * The cases docs/security.md names, one by one, acting as visitor A (set
 * local role + the session setting): secrets, forbidden writes, the writes
 * that must still work, identity, and the team rules the matrix's cells
 * summarise. test/access-matrix.test.ts covers every table and command.
 */

let db: ScratchDatabase;
let fx: SecurityFixture;

beforeAll(async () => {
  db = await createMigratedDatabase();
  fx = await insertSecurityFixture(db.client);
});

afterAll(async () => {
  await db?.drop();
});

const run = (sql: string, values: unknown[] = [], session: string | null = fx.session): Promise<Outcome> =>
  asVisitor(db.client, session, () => outcome(db.client, sql, values));
const value = async <T>(sql: string, values: unknown[] = [], session: string | null = fx.session): Promise<T | undefined> =>
  asVisitor(db.client, session, async () => (await db.client.query<{ v: T }>(sql, values)).rows[0]?.v);

const deniedPrivilege = { error: '42501', message: expect.stringMatching(/^permission denied for table /) as unknown as string };
const deniedByPolicy = { error: '42501', message: expect.stringMatching(/^new row violates row-level security policy for table /) as unknown as string };

describe('identity: app_public.current_user_id()', () => {
  test("is the session's user, and null without a session or with an expired, unknown or malformed one", async () => {
    expect(await value('select app_public.current_user_id() as v')).toBe(fx.a.users);
    for (const session of [null, fx.expiredSession, '7d9f3a52-0000-4000-8000-000000000000', "x'; drop table app_public.users; --"]) {
      expect(await value('select app_public.current_user_id() as v', [], session)).toBeNull();
    }
  });

  test('is SECURITY DEFINER with a fixed search_path, and the visitor may execute nothing else of app_private', async () => {
    const { rows } = await db.client.query<{ name: string; definer: boolean; config: string[] | null }>(
      `select p.oid::regprocedure::text as name, p.prosecdef as definer, p.proconfig as config
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('app_public', 'app_private') and p.prosecdef order by 1`,
    );
    // The trigger functions of 000003 see every row to judge an invariant; they run only as triggers.
    const invariantTriggers = [
      'app_private.tg__team_owner_member()',
      'app_private.tg_credit_transactions__append_only()',
      'app_private.tg_credit_transactions__apply_to_credit_balance()',
      'app_private.tg_usage_logs__append_only()',
    ];
    expect(rows.map((r) => r.name)).toEqual([
      'app_private.current_user_team_ids(text[])',
      ...invariantTriggers,
      'app_public.current_user_id()',
      'app_public.team_members_user_email(app_public.team_members)',
    ]);
    for (const row of rows) expect(row.config).toEqual(['search_path=pg_catalog, pg_temp']);
    for (const fn of ['app_private.tg__set_updated_at()', ...invariantTriggers]) {
      expect([fn, await run(`select ${fn}`)]).toEqual([fn, { error: '42501', message: expect.stringMatching(/^permission denied for function/) }]);
    }
  });
});

describe('secrets', () => {
  const unreadable = readUnreadableColumns();

  test('docs/security.md lists the secret columns', () => {
    expect(Object.fromEntries(unreadable)).toEqual({
      users: ['password_hash'],
      social_media_connections: ['access_token', 'refresh_token'],
      api_clients: ['secret_hash'],
      ai_model_deployments: ['endpoint_url', 'details'],
    });
  });

  test.each([...unreadable.keys()].map((t) => [t]))("%s: the listed columns are unreadable even in the visitor's own row, the others readable", async (table) => {
    const { rows } = await db.client.query<{ name: string }>(
      `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
      [`app_public.${table}`],
    );
    const id = fx.a[table as TableName];
    const results: Record<string, string> = {};
    for (const { name } of rows) results[name] = 'error' in (await run(`select "${name}" from app_public."${table}" where id = $1`, [id])) ? 'denied' : 'read';
    const expected = Object.fromEntries(rows.map(({ name }) => [name, unreadable.get(table)?.includes(name) ? 'denied' : 'read']));
    expect(results).toEqual(expected);
  });

  test('select password_hash as the visitor is permission denied', async () => {
    expect(await run('select password_hash from app_public.users where id = $1', [fx.a.users])).toEqual(deniedPrivilege);
  });

  test('schema.graphql has no field, input field or order for any unreadable column', () => {
    const schema = buildSchema(readFileSync(join(repoRoot, 'src/generated/schema.graphql'), 'utf8'));
    const camel = (name: string): string => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const found: string[] = [];
    for (const [table, columns] of unreadable) {
      const prefix = tableTypeName({ name: table, tags: {} });
      for (const type of Object.values(schema.getTypeMap()).filter((t) => t.name.startsWith(prefix) || t.name.startsWith(`${prefix}s`))) {
        for (const column of columns) {
          if ((isObjectType(type) || isInputObjectType(type)) && camel(column) in type.getFields()) found.push(`${type.name}.${camel(column)}`);
          if (isEnumType(type) && type.getValues().some((v) => v.name.startsWith(`${column.toUpperCase()}_`))) found.push(`${type.name}: ${column}`);
        }
      }
    }
    expect(schema.getType('User')).toBeDefined();
    expect(found).toEqual([]);
  });
});

describe('forbidden writes', () => {
  test('a visitor cannot raise their own balance or tier', async () => {
    expect(await run(`update app_public.users set credit_balance = 1000000 where id = $1`, [fx.a.users])).toEqual(deniedPrivilege);
    expect(await run(`update app_public.users set subscription_tier = 'Enterprise' where id = $1`, [fx.a.users])).toEqual(deniedPrivilege);
  });

  test('a visitor cannot write the ledger, the usage log or their sessions', async () => {
    expect(await run(`insert into app_public.credit_transactions (user_id, amount, action_type) values ($1, 100, 'Purchase')`, [fx.a.users])).toEqual(deniedPrivilege);
    expect(await run(`update app_public.credit_transactions set amount = 100 where id = $1`, [fx.a.credit_transactions])).toEqual(deniedPrivilege);
    expect(await run(`delete from app_public.credit_transactions where id = $1`, [fx.a.credit_transactions])).toEqual(deniedPrivilege);
    expect(await run(`insert into app_public.usage_logs (user_id, action_type) values ($1, 'Login')`, [fx.a.users])).toEqual(deniedPrivilege);
    expect(await run(`update app_public.sessions set expires_at = now() + interval '10 years' where id = $1`, [fx.session])).toEqual(deniedPrivilege);
  });

  test("a visitor cannot change another user's rows", async () => {
    expect(await run(`update app_public.notifications set is_read = true where id = $1`, [fx.b.notifications])).toEqual({ rows: 0 });
    expect(await run(`update app_public.projects set name = 'mine now' where id = $1`, [fx.b.projects])).toEqual({ rows: 0 });
    expect(await run(`delete from app_public.workbenches where id = $1`, [fx.b.workbenches])).toEqual({ rows: 0 });
  });

  test("a visitor cannot set a row's owner", async () => {
    expect(await run(`insert into app_public.workbenches (user_id, name) values ($1, 'Theirs')`, [fx.b.users])).toEqual(deniedPrivilege);
    expect(await run(`update app_public.projects set user_id = $1 where id = $2`, [fx.b.users, fx.a.projects])).toEqual(deniedPrivilege);
  });

  test("a visitor cannot create or move a row into another user's private data", async () => {
    const cases: [string, unknown[]][] = [
      [`insert into app_public.projects (workbench_id, name) values ($1, 'Intruder')`, [fx.b.workbenches]],
      [`update app_public.projects set workbench_id = $1 where id = $2`, [fx.b.workbenches, fx.a.projects]],
      [`update app_public.projects set template_id = $1 where id = $2`, [fx.b.templates, fx.a.projects]],
      [`insert into app_public.assets (project_id, name, type, file_path) values ($1, 'x', 'Uploaded', 'x.png')`, [fx.b.projects]],
      [`insert into app_public.workbenches (name, default_brand_kit_id) values ('Mine', $1)`, [fx.b.brand_kits]],
      [`insert into app_public.brand_kits (team_id, name, colors, fonts) values ($1, 'Kit', '{}', '{}')`, [fx.b.teams]],
      [`insert into app_public.generation_requests (project_id, input_prompt) values ($1, 'a cat')`, [fx.b.projects]],
      [`insert into app_public.asset_versions (asset_id, version_number) values ($1, 99)`, [fx.b.assets]],
      [`insert into app_public.ai_model_feedback (generation_request_id, rating) values ($1, 1)`, [fx.b.generation_requests]],
      [`insert into app_public.team_members (team_id, user_id, role) values ($1, $2, 'Viewer')`, [fx.b.teams, fx.outsider]],
    ];
    for (const [sql, values] of cases) expect([sql, await run(sql, values)]).toEqual([sql, deniedByPolicy]);
  });

  test('an AI-generated asset comes only from the backend', async () => {
    expect(await run(`insert into app_public.assets (project_id, name, type, file_path) values ($1, 'x', 'AIGenerated', 'x.png')`, [fx.a.projects])).toEqual(deniedByPolicy);
  });
});

describe('allowed writes', () => {
  test('a visitor marks their own notification read', async () => {
    const read = await asVisitor(db.client, fx.session, async () => {
      await db.client.query('update app_public.notifications set is_read = true where id = $1', [fx.a.notifications]);
      return (await db.client.query<{ is_read: boolean }>('select is_read from app_public.notifications where id = $1', [fx.a.notifications])).rows[0]?.is_read;
    });
    expect(read).toBe(true);
  });

  test('a visitor creates a project in their own workbench, and it is theirs', async () => {
    const owner = await value<string>(`insert into app_public.projects (workbench_id, name) values ($1, 'Spring launch') returning user_id as v`, [fx.a.workbenches]);
    expect(owner).toBe(fx.a.users);
  });

  test('a visitor creates a team, gets it back, and makes themselves its Owner member', async () => {
    const result = await asVisitor(db.client, fx.session, async () => {
      const { rows: [team] } = await db.client.query<{ id: string; owner_id: string }>(`insert into app_public.teams (name) values ('Studio') returning id, owner_id`);
      const { rows: [member] } = await db.client.query<{ role: string }>(
        `insert into app_public.team_members (team_id, user_id, role) values ($1, $2, 'Owner') returning role`,
        [team?.id, fx.a.users],
      );
      return { owner: team?.owner_id, role: member?.role };
    });
    expect(result).toEqual({ owner: fx.a.users, role: 'Owner' });
  });
});

describe('teams', () => {
  afterEach(() => setRole(db.client, fx, 'Viewer'));

  test("a member reads a teammate's e-mail through team_members_user_email, and nobody else's", async () => {
    const email = (member: string): Promise<string | null | undefined> =>
      value<string | null>('select app_public.team_members_user_email(m) as v from app_public.team_members m where m.id = $1', [member]);
    const { rows: [teammate] } = await db.client.query<{ email: string }>('select email from app_public.users where id = $1', [fx.teammate]);
    expect(await email(fx.team.team_members ?? '')).toBe(teammate?.email);
    const forged = await value<string | null>(
      `select app_public.team_members_user_email(row(gen_random_uuid(), $1, $2, 'Viewer', now(), now())::app_public.team_members) as v`,
      [fx.b.teams, fx.b.users],
    );
    expect(forged).toBeNull();
    expect(await run('select email from app_public.users where id = $1', [fx.teammate])).toEqual({ rows: 0 });
  });

  test('an Admin may not make anyone Owner, nor change or remove the Owner member', async () => {
    await setRole(db.client, fx, 'Admin');
    const { rows: [owner] } = await db.client.query<{ id: string }>(`select id from app_public.team_members where team_id = $1 and role = 'Owner'`, [fx.team.teams]);
    expect(await run(`insert into app_public.team_members (team_id, user_id, role) values ($1, $2, 'Owner')`, [fx.team.teams, fx.outsider])).toEqual(deniedByPolicy);
    expect(await run(`update app_public.team_members set role = 'Owner' where id = $1`, [fx.team.team_members])).toEqual(deniedByPolicy);
    expect(await run(`update app_public.team_members set role = 'Viewer' where id = $1`, [owner?.id])).toEqual({ rows: 0 });
    expect(await run(`delete from app_public.team_members where id = $1`, [owner?.id])).toEqual({ rows: 0 });
    expect(await run(`update app_public.team_members set role = 'Admin' where id = $1`, [fx.team.team_members])).toEqual({ rows: 1 });
  });

  test('a Viewer may leave the team', async () => {
    expect(await run(`delete from app_public.team_members where id = $1`, [fx.membership])).toEqual({ rows: 1 });
  });
});
