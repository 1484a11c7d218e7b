import { withClient } from '../src/db/client.ts';
import { formatSchemaFinding } from '../src/schema-lint/finding.ts';
import { lintSchema } from '../src/schema-lint/lint-schema.ts';
import { parseNodeTree } from '../src/schema-lint/node-tree.ts';
import { catalogRule } from '../src/schema-lint/rule.ts';
import { cliEnv, failureLines, runCliInProcess } from './helpers/cli.ts';
import { createEmptyDatabase, rootUrl, type ScratchDatabase } from './helpers/database.ts';

/**
 * Each rule of `cfdb lint:schema` against a scratch database: a small schema
 * that passes every rule, then the violation planted in it, then a near miss
 * the rule must let through. Roles are cluster-wide and other test files run
 * on the same server, so the one role used here is this file's own.
 */

const ROLE = 'cfdb_lint_test_role';

/** Passes every rule: RLS and one policy per command, grants to the role only, comments, indexed foreign keys. */
const CLEAN_SCHEMA = `
  create schema app_public;
  create schema app_private;
  alter default privileges revoke execute on functions from public;

  create function app_public.current_user_id() returns uuid language sql stable security definer
    set search_path = pg_catalog, pg_temp
    as $$ select nullif(current_setting('jwt.claims.session_id', true), '')::uuid $$;
  comment on function app_public.current_user_id() is 'The signed-in user.';
  grant execute on function app_public.current_user_id() to ${ROLE};

  create table app_public.users (id uuid primary key, name text not null);
  comment on table app_public.users is 'A person.';
  comment on column app_public.users.id is 'Identifier.';
  comment on column app_public.users.name is E'@behavior -insert\\nDisplay name.';
  alter table app_public.users enable row level security;
  create policy users_select on app_public.users for select to ${ROLE} using (id = (select app_public.current_user_id()));
  create policy users_update on app_public.users for update to ${ROLE}
    using (id = (select app_public.current_user_id())) with check (id = (select app_public.current_user_id()));
  grant select on app_public.users to ${ROLE};
  grant update (name) on app_public.users to ${ROLE};

  create table app_public.projects (
    id uuid primary key,
    user_id uuid not null constraint projects_user_id_fkey references app_public.users on delete cascade,
    title text not null
  );
  create index projects_user_id_idx on app_public.projects (user_id);
  comment on table app_public.projects is 'A piece of work.';
  comment on column app_public.projects.id is 'Identifier.';
  comment on column app_public.projects.user_id is 'Owner.';
  comment on column app_public.projects.title is 'Title.';
  alter table app_public.projects enable row level security;
  create policy projects_select on app_public.projects for select to ${ROLE}
    using (user_id in (select u.id from app_public.users u where u.id = (select app_public.current_user_id())));
  create policy projects_insert on app_public.projects for insert to ${ROLE} with check (user_id = (select app_public.current_user_id()));
  grant select, delete on app_public.projects to ${ROLE};
`;

describe('on a scratch database', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    await withClient(rootUrl(), (client) =>
      client.query(`do $$ begin create role ${ROLE}; exception when duplicate_object then null; end $$`),
    );
  });

  beforeEach(async () => {
    db = await createEmptyDatabase();
    await db.client.query(CLEAN_SCHEMA);
  });

  afterEach(async () => db.drop());

  /** What one rule reports on the scratch database, as [object, message] pairs in output order. */
  async function reported(rule: string): Promise<[string, string][]> {
    return (await lintSchema(db.client)).filter((f) => f.rule === rule).map((f) => [f.object, f.message]);
  }

  const said = (text: string): unknown => expect.stringContaining(text);

  test('the clean schema has no finding from any rule', async () => {
    expect((await lintSchema(db.client)).map(formatSchemaFinding)).toEqual([]);
  });

  describe('rls-disabled', () => {
    test('an app_public table without row level security', async () => {
      await db.client.query(`create table app_public.notes (id bigint primary key)`);
      expect(await reported('rls-disabled')).toEqual([
        ['app_public.notes', 'row level security is off, so a grant reaches every row; run `alter table app_public.notes enable row level security` and add a policy per access rule'],
      ]);
    });

    test('not an app_private table: the API does not expose it', async () => {
      await db.client.query(`create table app_private.notes (id bigint primary key)`);
      expect(await reported('rls-disabled')).toEqual([]);
    });
  });

  describe('rls-no-policy', () => {
    test('row level security on and no policy, in either schema', async () => {
      await db.client.query(`
        create table app_private.secrets (id bigint primary key);
        alter table app_private.secrets enable row level security;
        drop policy projects_select on app_public.projects;
        drop policy projects_insert on app_public.projects;
      `);
      expect(await reported('rls-no-policy')).toEqual([
        ['app_private.secrets', said('has no policy')],
        ['app_public.projects', said('has no policy')],
      ]);
    });

    test('one policy is enough, and a table without RLS is left to rls-disabled', async () => {
      await db.client.query(`drop policy projects_insert on app_public.projects; create table app_private.notes (id bigint primary key)`);
      expect(await reported('rls-no-policy')).toEqual([]);
    });
  });

  describe('policy-without-rls', () => {
    test('policies on a table whose row level security is off are named', async () => {
      await db.client.query(`alter table app_public.users disable row level security`);
      expect(await reported('policy-without-rls')).toEqual([
        ['app_public.users', 'row level security is off, so its policies (users_select, users_update) are never applied; run `alter table app_public.users enable row level security`'],
      ]);
    });

    test('a table without RLS and without policies is rls-disabled only', async () => {
      await db.client.query(`create table app_public.notes (id bigint primary key)`);
      expect(await reported('policy-without-rls')).toEqual([]);
    });
  });

  describe('security-definer-search-path', () => {
    test('a SECURITY DEFINER function without a fixed search_path, named by its signature', async () => {
      await db.client.query(`
        create function app_private.owner_of(project uuid) returns uuid language sql stable security definer
          as $$ select user_id from app_public.projects where id = project $$;
      `);
      expect(await reported('security-definer-search-path')).toEqual([['app_private.owner_of(uuid)', said('set search_path')]]);
    });

    test('an empty search_path is fixed too, and a SECURITY INVOKER function needs none', async () => {
      await db.client.query(`
        create function app_private.owner_of(project uuid) returns uuid language sql stable security definer set search_path = ''
          as $$ select user_id from app_public.projects where id = project $$;
        create function app_private.title_of(project uuid) returns text language sql stable
          as $$ select title from app_public.projects where id = project $$;
      `);
      expect(await reported('security-definer-search-path')).toEqual([]);
    });
  });

  describe('public-privilege', () => {
    test('on a schema, a table, a column, a function and in default privileges, each with the revoke that removes it', async () => {
      await db.client.query(`
        grant usage on schema app_public to public;
        grant select, delete on app_public.projects to public;
        grant update (name) on app_public.users to public;
        grant execute on function app_public.current_user_id() to public;
        alter default privileges in schema app_private grant select on tables to public;
      `);
      expect(await reported('public-privilege')).toEqual([
        ['app_private', 'tables created here get SELECT for PUBLIC by default; run `alter default privileges for role postgres in schema app_private revoke SELECT on tables from public`'],
        ['app_public', 'PUBLIC, and so every role, holds USAGE on this schema; run `revoke USAGE on schema app_public from public` and grant what each role needs'],
        ['app_public.current_user_id()', said('run `revoke EXECUTE on function app_public.current_user_id() from public`')],
        ['app_public.projects', said('holds DELETE, SELECT on this table; run `revoke DELETE, SELECT on table app_public.projects from public`')],
        ['app_public.users.name', said('holds UPDATE on this column; run `revoke UPDATE (name) on table app_public.users from public`')],
      ]);
    });

    test("PostgreSQL's own default: functions are executable by PUBLIC until that is revoked", async () => {
      await db.client.query(`
        alter default privileges grant execute on functions to public;
        create function app_private.touch() returns void language sql as $$ select $$;
      `);
      expect(await reported('public-privilege')).toEqual([
        ['app_private', said('functions created here get EXECUTE for PUBLIC by default; run `alter default privileges for role postgres revoke EXECUTE on functions from public`')],
        ['app_private.touch()', said('holds EXECUTE on this function')],
        ['app_public', said('functions created here get EXECUTE for PUBLIC by default')],
      ]);
    });

    test('grants to a role are not PUBLIC', async () => {
      await db.client.query(`grant insert (title) on app_public.projects to ${ROLE}; grant usage on schema app_public to ${ROLE}`);
      expect(await reported('public-privilege')).toEqual([]);
    });
  });

  describe('permissive-write-policy', () => {
    test('USING (true) on UPDATE, WITH CHECK (true) on INSERT', async () => {
      await db.client.query(`
        drop policy users_update on app_public.users;
        create policy users_update on app_public.users for update to ${ROLE} using (true) with check (id = (select app_public.current_user_id()));
        drop policy projects_insert on app_public.projects;
        create policy projects_insert on app_public.projects for insert to ${ROLE} with check (true);
      `);
      expect(await reported('permissive-write-policy')).toEqual([
        ['app_public.projects', said('write policy projects_insert (FOR INSERT) has WITH CHECK (true), so its roles may write any row')],
        ['app_public.users', said('write policy users_update (FOR UPDATE) has USING (true), so')],
      ]);
    });

    test('FOR ALL counts as a write policy', async () => {
      await db.client.query(`create policy projects_all on app_public.projects to ${ROLE} using (true) with check (true)`);
      expect(await reported('permissive-write-policy')).toEqual([
        ['app_public.projects', said('projects_all (FOR ALL) has USING (true) and WITH CHECK (true)')],
      ]);
    });

    test('a SELECT policy may be true, and a restrictive policy that is true restricts nothing', async () => {
      await db.client.query(`
        create policy projects_select_all on app_public.projects for select to ${ROLE} using (true);
        create policy projects_delete on app_public.projects as restrictive for delete to ${ROLE} using (true);
      `);
      expect(await reported('permissive-write-policy')).toEqual([]);
    });
  });

  describe('per-row-auth-call', () => {
    test('current_user_id() and current_setting() called per row, also inside an IN sub-query, and through the search_path', async () => {
      await db.client.query(`
        create function app_private.current_user_id() returns uuid language sql stable
          as $$ select nullif(current_setting('jwt.claims.session_id', true), '')::uuid $$;
        drop policy users_select on app_public.users;
        create policy users_select on app_public.users for select to ${ROLE}
          using (id = app_public.current_user_id() or current_setting('jwt.claims.role', true) = 'admin');
        drop policy projects_select on app_public.projects;
        set search_path = app_private;
        create policy projects_select on app_public.projects for select to ${ROLE}
          using (user_id in (select u.id from app_public.users u where u.id = current_user_id()));
        reset search_path;
      `);
      expect(await reported('per-row-auth-call')).toEqual([
        ['app_public.projects', 'policy projects_select calls app_private.current_user_id() for every row it checks; write `(select app_private.current_user_id())` so it runs once per statement'],
        ['app_public.users', 'policy users_select calls app_public.current_user_id() for every row it checks; write `(select app_public.current_user_id())` so it runs once per statement'],
        ['app_public.users', 'policy users_select calls current_setting(…) for every row it checks; write `(select current_setting(…))` so it runs once per statement'],
      ]);
    });

    test('in WITH CHECK too, past names whose unbalanced brackets the parse tree escapes', async () => {
      await db.client.query(`
        create table app_public.odd ("owner (id" uuid);
        alter table app_public.odd enable row level security;
        create policy odd_insert on app_public.odd for insert to ${ROLE} with check (
          "owner (id" = app_public.current_user_id()
          and exists (select from app_public.projects as "p {1" ("id (2", "u\\3") where "id (2" is not null));
      `);
      expect(await reported('per-row-auth-call')).toEqual([['app_public.odd', said('policy odd_insert calls app_public.current_user_id() for every row')]]);
    });

    test('a call inside a scalar sub-select is run once, however deep it is nested', async () => {
      await db.client.query(`
        create policy projects_delete on app_public.projects for delete to ${ROLE}
          using (exists (select from app_public.users u where u.id = user_id and u.id = (select app_public.current_user_id()))
                 or (select current_setting('jwt.claims.role', true)) = 'admin');
      `);
      expect(await reported('per-row-auth-call')).toEqual([]);
    });
  });

  describe('multiple-permissive-policies', () => {
    test('two for the same role and command; FOR ALL and TO PUBLIC overlap with the rest', async () => {
      await db.client.query(`
        create policy users_select_admin on app_public.users for select to ${ROLE} using (current_user = 'admin');
        create policy projects_all on app_public.projects to public using (false);
      `);
      expect(await reported('multiple-permissive-policies')).toEqual([
        ['app_public.projects', `${ROLE} has 2 permissive INSERT policies (projects_all, projects_insert), each evaluated for every row; merge them into one policy that ORs their conditions`],
        ['app_public.projects', said(`${ROLE} has 2 permissive SELECT policies (projects_all, projects_select)`)],
        ['app_public.users', said(`${ROLE} has 2 permissive SELECT policies (users_select, users_select_admin)`)],
      ]);
    });

    test('different commands, or a restrictive policy beside a permissive one, do not overlap', async () => {
      await db.client.query(`
        create policy users_delete on app_public.users for delete to ${ROLE} using (id = (select app_public.current_user_id()));
        create policy users_select_active on app_public.users as restrictive for select to ${ROLE} using (name <> '');
      `);
      expect(await reported('multiple-permissive-policies')).toEqual([]);
    });
  });

  describe('unindexed-foreign-key', () => {
    const MEMBERS = `
      alter table app_public.projects add constraint projects_id_user_key unique (id, user_id);
      create table app_private.members (
        project_id uuid not null,
        user_id uuid not null,
        role text not null,
        constraint members_project_fkey foreign key (project_id, user_id) references app_public.projects (id, user_id) on delete cascade
      );
    `;

    test('a single-column key is reported on its column, a composite one on its table', async () => {
      await db.client.query(`drop index app_public.projects_user_id_idx; ${MEMBERS}`);
      expect(await reported('unindexed-foreign-key')).toEqual([
        ['app_private.members', 'foreign key members_project_fkey has no index that starts with (project_id, user_id), so each delete or key change in the table it references scans this one; run `create index on app_private.members (project_id, user_id)`'],
        ['app_public.projects.user_id', said('foreign key projects_user_id_fkey has no index that starts with (user_id)')],
      ]);
    });

    test('an index on only some of the columns, or a partial one, does not count', async () => {
      await db.client.query(`
        ${MEMBERS}
        create index members_project_idx on app_private.members (project_id);
        create index members_user_project_idx on app_private.members (user_id, project_id) where role <> 'guest';
      `);
      expect(await reported('unindexed-foreign-key')).toEqual([['app_private.members', said('members_project_fkey')]]);
    });

    test('an index that starts with the columns in another order counts, whatever follows them', async () => {
      await db.client.query(`${MEMBERS} create index members_user_project_idx on app_private.members (user_id, project_id, role)`);
      expect(await reported('unindexed-foreign-key')).toEqual([]);
    });
  });

  describe('missing-comment', () => {
    test('a table, a column, and a comment of smart tags only', async () => {
      await db.client.query(`
        create table app_private.notes (id bigint primary key, body text);
        comment on column app_private.notes.id is 'Identifier.';
        comment on column app_public.users.name is '@behavior -*';
      `);
      expect(await reported('missing-comment')).toEqual([
        ['app_private.notes', "this table has no comment; add a description (`comment on table app_private.notes is '…'`): it becomes the GraphQL description, the JSDoc and the docs"],
        ['app_private.notes.body', said('this column has no comment')],
        ['app_public.users.name', said("this column's comment holds smart tags only; add a description (`comment on column app_public.users.name is '…'`)")],
      ]);
    });

    test('views are documented like tables', async () => {
      await db.client.query(`create view app_public.titles as select title from app_public.projects; comment on view app_public.titles is 'Titles.'`);
      expect(await reported('missing-comment')).toEqual([['app_public.titles.title', said('this column has no comment')]]);
    });
  });

  describe('lintSchema', () => {
    test('findings come sorted by object, then rule; the connection is left as it was found', async () => {
      await db.client.query(`create table app_public.a_notes (id bigint primary key)`);
      const findings = await lintSchema(db.client);
      expect(findings.map((f) => `${f.object} ${f.rule}`)).toEqual([
        'app_public.a_notes missing-comment',
        'app_public.a_notes rls-disabled',
        'app_public.a_notes.id missing-comment',
      ]);
      const { rows } = await db.client.query<{ path: string; readOnly: string }>(
        `select current_setting('search_path') as path, current_setting('transaction_read_only') as "readOnly"`,
      );
      expect(rows).toEqual([{ path: '"$user", public', readOnly: 'off' }]);
    });

    test('a rule that cannot run names itself, and the transaction is rolled back', async () => {
      const broken = catalogRule<{ object: string }>({ name: 'broken-rule', schemas: ['app_public'], query: 'select object from no_such_table', findings: () => [] });
      await expect(lintSchema(db.client, [broken])).rejects.toThrow(
        /^schema lint rule broken-rule failed: relation "no_such_table" does not exist; rerun with --verbose/,
      );
      const { rows } = await db.client.query<{ open: boolean }>('select now() <> statement_timestamp() as open');
      expect(rows).toEqual([{ open: false }]);
    });

    test('a database without app_public is refused rather than passed', async () => {
      await db.client.query('drop schema app_public cascade');
      await expect(lintSchema(db.client)).rejects.toThrow('schema app_public does not exist in this database; run the migrations first (npm run migrate).');
    });
  });

  describe('cfdb lint:schema', () => {
    test('a clean database: exit 0 and the summary', async () => {
      const result = await runCliInProcess(['lint:schema'], cliEnv({ DATABASE_URL: db.url }));
      expect(result.stderr).not.toMatch(/^cfdb /m);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('lint:schema: no findings in app_public, app_private (10 rules)\n');
    });

    test('a bad database: one sorted line per finding, then exit 1 with the count', async () => {
      await db.client.query(`
        create table app_public.notes (id bigint primary key);
        comment on table app_public.notes is 'Notes.';
        comment on column app_public.notes.id is 'Identifier.';
        alter table app_public.users disable row level security;
      `);
      const result = await runCliInProcess(['lint:schema'], cliEnv({ DATABASE_URL: db.url }));
      expect(result.code).toBe(1);
      expect(result.stdout.split('\n')).toEqual([
        'app_public.notes: rls-disabled: row level security is off, so a grant reaches every row; run `alter table app_public.notes enable row level security` and add a policy per access rule',
        'app_public.users: policy-without-rls: row level security is off, so its policies (users_select, users_update) are never applied; run `alter table app_public.users enable row level security`',
        'app_public.users: rls-disabled: row level security is off, so a grant reaches every row; run `alter table app_public.users enable row level security` and add a policy per access rule',
        '',
      ]);
      expect(failureLines(result)).toEqual([
        'cfdb lint:schema failed: 3 findings in app_public, app_private (10 rules); fix each as its line says, in a migration (current.sql, then commit).',
      ]);
    });

  });
});

describe('parseNodeTree', () => {
  test('nodes, fields, lists, nulls and escaped tokens', () => {
    const tree = parseNodeTree('{FUNCEXPR :funcid 42 :args ({VAR :varno 1} <>) :name a\\ \\(b\\)}');
    expect(tree).toEqual({
      type: 'FUNCEXPR',
      fields: new Map<string, unknown>([
        ['funcid', ['42']],
        ['args', [[{ type: 'VAR', fields: new Map([['varno', ['1']]]) }, '<>']]],
        ['name', ['a\\ \\(b\\)']],
      ]),
    });
  });

  test('text that is not one node tree is an error, not a silent half', () => {
    expect(() => parseNodeTree('{FUNCEXPR :funcid 42')).toThrow('node FUNCEXPR is not closed');
    expect(() => parseNodeTree('{A :x 1} {B}')).toThrow('node tree has text after its end');
  });
});

describe('cfdb lint:schema --help', () => {
  test('--help names every rule', async () => {
    const result = await runCliInProcess(['lint:schema', '--help'], cliEnv({}));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: cfdb lint:schema$/m);
    expect(result.stdout).toContain('rls-disabled, rls-no-policy, policy-without-rls, security-definer-search-path, public-privilege, permissive-write-policy, per-row-auth-call, multiple-permissive-policies, unindexed-foreign-key, missing-comment');
  });
});
