import { driftReport, formatDriftLine } from '../src/drift/report.ts';
import { catalogFingerprint, diffFingerprints } from '../src/introspect/fingerprint.ts';
import { createDatabaseThrough, createEmptyDatabase, createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { dropRole, fixtureRole, fixtureSql } from './fixtures/schema-fixture.ts';
import { securityFixtureSql, VISITOR } from './fixtures/security-fixture.ts';
import { compareNames } from '../src/lib/compare.ts';

/** One small schema, written straight. */
const builtInOrder = `
create schema app_public;
create schema app_private;
create function app_private.tg__touch() returns trigger language plpgsql as $$ begin return new; end $$;
create table app_public.authors (
  id integer generated always as identity primary key,
  name text not null default 'anonymous',
  bio text
);
create table app_public.books (
  id uuid primary key default gen_random_uuid(),
  author_id integer not null references app_public.authors on delete cascade,
  kind text not null check (kind in ('novel', 'poem')),
  title text not null,
  constraint books_title_key unique (title)
);
create index books_author_id_idx on app_public.books (author_id);
create index books_lower_title_idx on app_public.books (lower(title));
create trigger _100_touch before update on app_public.books for each row execute function app_private.tg__touch();
comment on table app_public.authors is E'@name writer\\nPeople who write.';
comment on column app_public.books.kind is 'Novel or poem.';
comment on constraint books_title_key on app_public.books is 'Titles are unique.';
`;

/**
 * The same schema reached the long way round: tables created in the other
 * order under other names and renamed, columns added after a dropped one,
 * constraints and indexes added afterwards, comments set twice.
 */
const builtOutOfOrder = `
create schema app_private;
create schema app_public;
create table app_public.books_draft (
  scratch integer,
  id uuid primary key default gen_random_uuid()
);
alter table app_public.books_draft drop column scratch;
alter table app_public.books_draft add column author_id integer not null;
alter table app_public.books_draft add column kind text not null;
alter table app_public.books_draft add column title text not null;
alter table app_public.books_draft rename to books;
alter index app_public.books_draft_pkey rename to books_pkey;
create index books_lower_title_idx on app_public.books (lower(title));
comment on column app_public.books.kind is 'draft';
comment on column app_public.books.kind is 'Novel or poem.';
create table app_public.authors_new (
  id integer generated always as identity,
  old integer,
  name text not null default 'anonymous'
);
alter table app_public.authors_new drop column old;
alter table app_public.authors_new add column bio text;
alter table app_public.authors_new add constraint authors_pkey primary key (id);
alter table app_public.authors_new rename to authors;
comment on table app_public.authors is E'@name writer\\nPeople who write.';
alter table app_public.books add constraint books_title_key unique (title);
comment on constraint books_title_key on app_public.books is 'Titles are unique.';
alter table app_public.books add constraint books_kind_check check (kind in ('novel', 'poem'));
alter table app_public.books add constraint books_author_id_fkey foreign key (author_id) references app_public.authors on delete cascade;
create index books_author_id_idx on app_public.books (author_id);
create function app_private.tg__touch() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger _100_touch before update on app_public.books for each row execute function app_private.tg__touch();
`;

describe('catalogFingerprint', () => {
  const role = fixtureRole();
  let fixture: ScratchDatabase;
  let fingerprint: string;

  beforeAll(async () => {
    fixture = await createEmptyDatabase();
    await fixture.client.query(fixtureSql(role));
    fingerprint = await catalogFingerprint(fixture.client);
  });

  afterAll(async () => {
    await fixture.drop();
    await dropRole(role);
  });

  /** The differences a change makes, seen inside a transaction that is rolled back. */
  async function changedBy(sql: string): Promise<ReturnType<typeof diffFingerprints>> {
    await fixture.client.query('begin');
    try {
      await fixture.client.query(sql);
      return diffFingerprints(fingerprint, await catalogFingerprint(fixture.client));
    } finally {
      await fixture.client.query('rollback');
    }
  }

  test('is one sorted object<TAB>property<TAB>value line per fact, values escaped', () => {
    const lines = fingerprint.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) expect(line.split('\t')).toHaveLength(3);
    const keys = lines.map((l) => l.split('\t').slice(0, 2).join('\t'));
    expect(keys).toEqual([...keys].sort(compareNames));
    expect(new Set(keys).size).toBe(keys.length);
    expect(lines).toContain('table app_public.people\tcomment\t@name person\\n@behavior -insert\\n@behavior +update\\n\\nEveryone.\\nSecond line.');
    expect(lines).toContain('table app_public."Odd Table" column "Select"\tidentity\tby default');
    expect(lines).toContain('table app_public.people column email\tposition\t8');
    expect(lines).toContain(`table app_public.people\tgrant ${role}\tSELECT`);
    expect(lines).toContain(`function app_private.short_code()\tgrant ${role}\tEXECUTE`);
    expect(lines).toContain('table app_public.people\trow level security\tenabled');
    // Identity sequences are described by their column, never by their (rename-blind) name.
    expect(fingerprint).not.toContain('_seq');
  });

  test('is the same for the same schema built in another order, through renames and dropped columns', async () => {
    const first = await createEmptyDatabase();
    const second = await createEmptyDatabase();
    try {
      await first.client.query(builtInOrder);
      await second.client.query(builtOutOfOrder);
      const expected = await catalogFingerprint(first.client);
      expect(diffFingerprints(expected, await catalogFingerprint(second.client))).toEqual([]);
      expect(await catalogFingerprint(second.client)).toBe(expected);
    } finally {
      await first.drop();
      await second.drop();
    }
  });

  test('is the same whatever the caller’s search_path, and leaves it as it was', async () => {
    await fixture.client.query('begin');
    try {
      await fixture.client.query('set local search_path = app_public, app_private');
      expect(await catalogFingerprint(fixture.client)).toBe(fingerprint);
      const { rows } = await fixture.client.query<{ search_path: string }>('show search_path');
      expect(rows[0]?.search_path).toBe('app_public, app_private');
    } finally {
      await fixture.client.query('rollback');
    }
  });

  test('ignores graphile_migrate and every schema not listed', async () => {
    expect(
      await changedBy(`
        create schema graphile_migrate;
        create table graphile_migrate.migrations (hash text primary key);
        create schema elsewhere;
        create table elsewhere.t (id int);
        create function public.f() returns int language sql as 'select 1';`),
    ).toEqual([]);
    const publicOnly = await catalogFingerprint(fixture.client, ['app_public']);
    expect(publicOnly).not.toContain('app_private.tg__touch()\t');
    expect(publicOnly).toContain('EXECUTE FUNCTION app_private.tg__touch()');
  });

  test('names exactly the changed object when a column type changes', async () => {
    expect(await changedBy('alter table app_public.projects alter column budget type numeric(12,2)')).toEqual([
      { object: 'table app_public.projects column budget', property: 'type', expected: 'numeric(10,2)', found: 'numeric(12,2)' },
    ]);
  });

  test('names exactly the changed object when a default changes', async () => {
    expect(await changedBy(`alter table app_public.people alter column status set default 'Left'`)).toEqual([
      { object: 'table app_public.people column status', property: 'default', expected: "'Active'::text", found: "'Left'::text" },
    ]);
  });

  test('names exactly the changed object when an index is added or changed', async () => {
    expect(await changedBy('create index projects_budget_idx on app_public.projects (budget)')).toEqual([
      {
        object: 'table app_public.projects index projects_budget_idx',
        property: 'definition',
        expected: null,
        found: 'CREATE INDEX projects_budget_idx ON app_public.projects USING btree (budget)',
      },
    ]);
    expect(
      await changedBy('drop index app_public.people_manager_id_idx; create index people_manager_id_idx on app_public.people using hash (manager_id)'),
    ).toEqual([
      {
        object: 'table app_public.people index people_manager_id_idx',
        property: 'definition',
        expected: 'CREATE INDEX people_manager_id_idx ON app_public.people USING btree (manager_id)',
        found: 'CREATE INDEX people_manager_id_idx ON app_public.people USING hash (manager_id)',
      },
    ]);
  });

  test('names exactly the changed object when a comment changes', async () => {
    expect(await changedBy(`comment on column app_public.people.first_name is 'Given name.'`)).toEqual([
      { object: 'table app_public.people column first_name', property: 'comment', expected: null, found: 'Given name.' },
    ]);
    expect(await changedBy(`comment on trigger _100_touch on app_public.people is null`)).toEqual([
      { object: 'table app_public.people trigger _100_touch', property: 'comment', expected: 'Keeps updated_at.', found: null },
    ]);
  });

  test('names exactly the changed object when a grant changes', async () => {
    expect(await changedBy(`grant insert on app_public.projects to ${role}`)).toEqual([
      { object: 'table app_public.projects', property: `grant ${role}`, expected: null, found: 'INSERT' },
    ]);
    expect(await changedBy(`grant delete on app_public.people to ${role}`)).toEqual([
      { object: 'table app_public.people', property: `grant ${role}`, expected: 'SELECT', found: 'DELETE, SELECT' },
    ]);
    expect(await changedBy(`revoke update (last_name) on app_public.people from ${role}`)).toEqual([
      { object: 'table app_public.people column last_name', property: `grant ${role}`, expected: 'UPDATE', found: null },
    ]);
  });

  test('sees function bodies, triggers, policies and constraints change', async () => {
    const body = await changedBy(
      `create or replace function app_private.tg__touch() returns trigger language plpgsql as $$ begin return new; end; $$`,
    );
    expect(body.map((d) => [d.object, d.property])).toEqual([['function app_private.tg__touch()', 'definition']]);
    expect((await changedBy('drop trigger _100_touch on app_public.people')).map((d) => [d.object, d.property])).toEqual([
      ['table app_public.people trigger _100_touch', 'comment'],
      ['table app_public.people trigger _100_touch', 'definition'],
    ]);
    expect((await changedBy(`alter policy people_self on app_public.people using (true)`)).map((d) => [d.object, d.property, d.found])).toEqual([
      ['table app_public.people policy people_self', 'using', 'true'],
    ]);
    expect(
      (await changedBy('alter table app_public.people alter constraint people_organisation_id_fkey deferrable')).map((d) => d.object),
    ).toEqual(['table app_public.people constraint people_organisation_id_fkey']);
  });
});

describe('catalogFingerprint of grants, default privileges, RLS and policies (the shape of 000002)', () => {
  let secured: ScratchDatabase;
  let fingerprint: string;

  beforeAll(async () => {
    secured = await createDatabaseThrough(1);
    await secured.client.query(securityFixtureSql);
    fingerprint = await catalogFingerprint(secured.client);
  });

  afterAll(() => secured.drop());

  /** The drift lines a change makes, as `cfdb drift` prints them, seen inside a transaction that is rolled back. */
  async function driftAfter(sql: string): Promise<string[]> {
    await secured.client.query('begin');
    try {
      await secured.client.query(sql);
      return driftReport(fingerprint, await catalogFingerprint(secured.client)).map(formatDriftLine);
    } finally {
      await secured.client.query('rollback');
    }
  }

  const teams = 'table app_public.teams';
  test.each<[string, string, string[]]>([
    ['a table grant', `grant update on app_public.sessions to ${VISITOR}`, [`table app_public.sessions: grant ${VISITOR}: expected DELETE, SELECT, found DELETE, SELECT, UPDATE`]],
    ['a grant option', `grant select on app_public.sessions to ${VISITOR} with grant option`, [`table app_public.sessions: grant ${VISITOR}: expected DELETE, SELECT, found DELETE, SELECT WITH GRANT OPTION`]],
    ['a column grant', `revoke update (email) on app_public.users from ${VISITOR}`, [`table app_public.users column email: grant ${VISITOR}: expected SELECT, UPDATE, found SELECT`]],
    ['a column SELECT on a secret', `grant select (password_hash) on app_public.users to ${VISITOR}`, [`table app_public.users column password_hash: grant ${VISITOR}: expected (none), found SELECT`]],
    ['a function grant', 'grant execute on function app_public.current_user_id() to public', ['function app_public.current_user_id(): grant PUBLIC: expected (none), found EXECUTE']],
    ['a schema grant', `revoke usage on schema app_private from ${VISITOR}`, [`schema app_private: grant ${VISITOR}: expected USAGE, found (none)`]],
    ['the default privileges', 'alter default privileges grant execute on functions to public', ['default privileges for owner on functions: expected default privileges, found nothing']],
    [
      'default privileges in one schema',
      `alter default privileges in schema app_public grant select on tables to ${VISITOR}`,
      ['default privileges for owner in schema app_public on tables: expected nothing, found default privileges'],
    ],
    ['RLS switched off', 'alter table app_public.sessions disable row level security', ['table app_public.sessions: row level security: expected enabled, found (none)']],
    ['RLS no longer forced', 'alter table app_public.api_clients no force row level security', ['table app_public.api_clients: row level security: expected enabled, forced, found enabled']],
    [
      'a policy’s command',
      `drop policy insert_own on app_public.teams; create policy insert_own on app_public.teams for update to ${VISITOR} with check (true)`,
      [`${teams} policy insert_own: command: expected INSERT, found UPDATE`, `${teams} policy insert_own: with check: expected (owner_id = ( SELECT app_public.current_user_id() AS current_user_id)), found true`],
    ],
    [
      'a policy made restrictive',
      `drop policy delete_own on app_public.teams; create policy delete_own on app_public.teams as restrictive for delete to ${VISITOR} using (owner_id = (select app_public.current_user_id()))`,
      [`${teams} policy delete_own: command: expected DELETE, found DELETE (restrictive)`],
    ],
    ['a policy’s roles', 'alter policy delete_own on app_public.teams to public', [`${teams} policy delete_own: roles: expected ${VISITOR}, found PUBLIC`]],
    ['a policy’s USING', 'alter policy delete_own on app_public.teams using (false)', [`${teams} policy delete_own: using: expected (owner_id = ( SELECT app_public.current_user_id() AS current_user_id)), found false`]],
    ['a policy’s WITH CHECK', 'alter policy update_own on app_public.teams with check (true)', [`${teams} policy update_own: with check: expected (owner_id = ( SELECT app_public.current_user_id() AS current_user_id)), found true`]],
    ['a policy’s comment', `comment on policy select_member on app_public.teams is 'Changed.'`, [`${teams} policy select_member: comment: expected Owners and members see the team., found Changed.`]],
    ['a policy dropped', 'drop policy keep_owner on app_public.team_members', ['table app_public.team_members policy keep_owner: expected a policy for DELETE (restrictive), found nothing']],
  ])('drift names %s', async (_what, sql, lines) => {
    expect(await driftAfter(sql)).toEqual(lines);
  });
});

describe('diffFingerprints', () => {
  test('reports facts that differ, appear or disappear, sorted by object and property', () => {
    const expected = 'table a\tcomment\tA\ntable a column x\ttype\ttext\ntable b\tkind\ttable\n';
    const found = 'table a column x\ttype\tinteger\ntable a\tcomment\tA\ntable c\tkind\ttable\n';
    expect(diffFingerprints(expected, found)).toEqual([
      { object: 'table a column x', property: 'type', expected: 'text', found: 'integer' },
      { object: 'table b', property: 'kind', expected: 'table', found: null },
      { object: 'table c', property: 'kind', expected: null, found: 'table' },
    ]);
    expect(diffFingerprints(expected, expected)).toEqual([]);
    expect(diffFingerprints('', '')).toEqual([]);
  });

  test('keeps tabs inside values (only the first two separate)', () => {
    expect(diffFingerprints('o\tp\ta\tb\n', 'o\tp\ta\tc\n')).toEqual([{ object: 'o', property: 'p', expected: 'a\tb', found: 'a\tc' }]);
  });

  test('refuses a line that is no fact', () => {
    expect(() => diffFingerprints('just text\n', '')).toThrow('not a fingerprint line');
  });
});
