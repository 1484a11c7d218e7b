import { introspectSchema } from '../src/introspect/introspect.ts';
import { readCheck } from '../src/introspect/value-sets.ts';
import type { SchemaModel, TableModel } from '../src/model/schema-model.ts';
import { createDatabaseThrough, createEmptyDatabase, createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { dropRole, fixtureRole, fixtureSql } from './fixtures/schema-fixture.ts';
import { securityFixtureSql, VISITOR } from './fixtures/security-fixture.ts';

function table(model: SchemaModel, name: string): TableModel {
  const found = model.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name} in the model`);
  return found;
}

function column(model: SchemaModel, tableName: string, name: string) {
  const found = table(model, tableName).columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${tableName}.${name} in the model`);
  return found;
}

describe('introspectSchema on a fixture schema', () => {
  const role = fixtureRole();
  let db: ScratchDatabase;
  let model: SchemaModel;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    await db.client.query(fixtureSql(role));
    // varchar value sets deparse differently from text ones (see value-sets.ts); not in the shared
    // fixture because PostgreSQL cannot re-read that deparsed form into the same expression.
    await db.client.query(`
      create table app_public.legacy (
        id integer primary key,
        kind varchar(10) not null constraint legacy_kind_check check (kind in ('a', 'b')),
        size text constraint legacy_size_check check (size = 'XL')
      )`);
    model = await introspectSchema(db.client);
  });

  afterAll(async () => {
    await db.drop();
    await dropRole(role);
  });

  test('lists tables by name (code-unit order) and functions the tables use', () => {
    expect(model.schema).toBe('app_public');
    expect(model.tables.map((t) => t.name)).toEqual(['Odd Table', 'legacy', 'organisations', 'people', 'projects']);
    expect(model.functions.map((f) => f.name)).toEqual([
      'app_private.short_code',
      'app_private.tg__touch',
      'app_public.people_display_name',
      'app_public.recent_projects',
    ]);
    expect(model.functions.map((f) => f.arguments)).toEqual(['', '', 'p app_public.people', '']);
    expect(model.schemas?.map((s) => [s.name, s.comment])).toEqual([
      ['app_private', ''],
      ['app_public', 'Fixture tables.'],
    ]);
  });

  test('filters dropped columns and numbers the live ones from 1', () => {
    const people = table(model, 'people');
    expect(people.columns.map((c) => [c.position, c.name])).toEqual([
      [1, 'id'],
      [2, 'organisation_id'],
      [3, 'manager_id'],
      [4, 'status'],
      [5, 'first_name'],
      [6, 'last_name'],
      [7, 'full_name'],
      [8, 'email'],
      [9, 'updated_at'],
    ]);
  });

  test('reads identity, generated columns, defaults, types and nullability', () => {
    expect(column(model, 'people', 'id')).toMatchObject({ identity: 'always', type: 'bigint', typeName: 'int8', nullable: false });
    expect(column(model, 'people', 'id').default).toBeUndefined();
    expect(column(model, 'Odd Table', 'Select')).toMatchObject({ identity: 'by default', type: 'integer' });
    expect(column(model, 'people', 'full_name')).toMatchObject({
      generated: "((first_name || ' '::text) || last_name)",
      generatedKind: 'stored',
      nullable: true,
    });
    expect(column(model, 'people', 'full_name').default).toBeUndefined();
    expect(column(model, 'people', 'status').default).toBe("'Active'::text");
    expect(column(model, 'organisations', 'code').default).toBe('app_private.short_code()');
    expect(column(model, 'organisations', 'id').default).toBe('gen_random_uuid()');
    expect(column(model, 'projects', 'tags')).toMatchObject({ type: 'text[]', typeName: '_text', isArray: true, elementTypeName: 'text' });
    expect(column(model, 'projects', 'budget')).toMatchObject({ type: 'numeric(10,2)', typeName: 'numeric', isArray: false });
    expect(column(model, 'people', 'updated_at')).toMatchObject({ type: 'timestamp with time zone', typeName: 'timestamptz' });
  });

  test('parses value sets and length limits off CHECK constraints', () => {
    expect(column(model, 'people', 'status').valueSet).toEqual({ constraint: 'people_status_check', values: ['Active', 'Left', "On 'leave'"] });
    expect(column(model, 'people', 'email').maxLength).toBe(255);
    expect(column(model, 'people', 'email').valueSet).toBeUndefined();
    expect(column(model, 'organisations', 'name').maxLength).toBe(100);
    expect(column(model, 'legacy', 'kind').valueSet).toEqual({ constraint: 'legacy_kind_check', values: ['a', 'b'] });
    expect(column(model, 'legacy', 'size').valueSet).toEqual({ constraint: 'legacy_size_check', values: ['XL'] });
    // A check over two columns is no value set of either.
    expect(column(model, 'people', 'first_name').valueSet).toBeUndefined();
  });

  test('separates smart tags from comment text and keeps the raw comment', () => {
    const people = table(model, 'people');
    expect(people.tags).toEqual({ behavior: ['-insert', '+update'], name: 'person' });
    expect(people.comment).toBe('Everyone.\nSecond line.');
    expect(people.rawComment).toBe('@name person\n@behavior -insert\n@behavior +update\n\nEveryone.\nSecond line.');
    expect(Object.keys(people.tags)).toEqual(['behavior', 'name']);
    expect(column(model, 'people', 'status')).toMatchObject({ comment: 'Where they are.', tags: { deprecated: 'use something else' } });
    expect(table(model, 'organisations')).toMatchObject({ comment: 'Companies.', tags: { behavior: '-delete' } });
    const fk = people.foreignKeys.find((f) => f.name === 'people_organisation_id_fkey');
    expect(fk).toMatchObject({ comment: 'Their employer.', tags: { foreignFieldName: 'members' } });
    expect(column(model, 'people', 'id')).toMatchObject({ comment: '', rawComment: '', tags: {} });
  });

  test('reads keys, foreign keys, checks, indexes and triggers, sorted by name', () => {
    const people = table(model, 'people');
    expect(people.primaryKey).toMatchObject({ name: 'people_pkey', columns: ['id'], definition: 'PRIMARY KEY (id)' });
    expect(people.uniqueConstraints).toMatchObject([{ name: 'people_email_key', columns: ['email'], comment: 'One person per e-mail.' }]);
    expect(people.foreignKeys).toEqual([
      expect.objectContaining({ name: 'people_manager_id_fkey', foreignTable: 'people', foreignColumns: ['id'], onDelete: 'set null' }),
      expect.objectContaining({ name: 'people_organisation_id_fkey', foreignTable: 'organisations', onDelete: 'cascade', onUpdate: 'no action' }),
    ]);
    expect(table(model, 'organisations').foreignKeys).toMatchObject([
      { name: 'organisations_owner_id_fkey', deferrable: true, definition: expect.stringContaining('DEFERRABLE INITIALLY DEFERRED') },
    ]);
    expect(people.checks.map((c) => [c.name, c.columns])).toEqual([
      ['people_email_check', ['email']],
      ['people_names_check', ['first_name', 'last_name']],
      ['people_status_check', ['status']],
    ]);
    expect(people.indexes.map((i) => [i.name, i.columns, i.unique, i.constraintBacked])).toEqual([
      ['people_email_key', ['email'], true, true],
      ['people_lower_email_idx', ['lower(email)'], false, false],
      ['people_manager_id_idx', ['manager_id'], false, false],
      ['people_organisation_id_idx', ['organisation_id'], false, false],
      ['people_pkey', ['id'], true, true],
    ]);
    expect(people.indexes[1]).toMatchObject({
      definition: 'CREATE INDEX people_lower_email_idx ON app_public.people USING btree (lower(email)) WHERE (email IS NOT NULL)',
      comment: 'Case-insensitive lookups.',
    });
    expect(people.triggers).toEqual([
      {
        name: '_100_touch',
        definition: 'CREATE TRIGGER _100_touch BEFORE UPDATE ON app_public.people FOR EACH ROW EXECUTE FUNCTION app_private.tg__touch()',
        function: 'app_private.tg__touch',
        comment: 'Keeps updated_at.',
        rawComment: 'Keeps updated_at.',
      },
    ]);
  });

  test('reads row level security, policies and grants (never the owner)', () => {
    const people = table(model, 'people');
    expect(people.rowLevelSecurity).toEqual({ enabled: true, forced: false });
    expect(people.policies).toEqual([
      {
        name: 'people_self',
        command: 'SELECT',
        permissive: true,
        roles: [role],
        using: '(email = CURRENT_USER)',
        comment: 'Read your own row.',
        rawComment: 'Read your own row.',
      },
    ]);
    expect(people.grants).toEqual([{ grantee: role, privilege: 'SELECT', grantable: false }]);
    expect(column(model, 'people', 'first_name').grants).toEqual([{ grantee: role, privilege: 'UPDATE', grantable: false }]);
    expect(column(model, 'people', 'email').grants).toEqual([]);
    expect(table(model, 'projects').grants).toEqual([]);
    const shortCode = model.functions.find((f) => f.name === 'app_private.short_code');
    expect(shortCode?.grants).toEqual([{ grantee: role, privilege: 'EXECUTE', grantable: false }]);
    const touch = model.functions.find((f) => f.name === 'app_private.tg__touch');
    expect(touch).toMatchObject({ arguments: '', comment: 'Sets updated_at.', grants: [{ grantee: 'PUBLIC', privilege: 'EXECUTE', grantable: false }] });
    expect(touch?.definition).toMatch(/^CREATE OR REPLACE FUNCTION app_private\.tg__touch\(\)\n RETURNS trigger/);
    expect(model.schemas?.find((s) => s.name === 'app_public')?.grants).toEqual([{ grantee: role, privilege: 'USAGE', grantable: false }]);
  });

  test('is deterministic and JSON-serialisable: two runs are deep-equal', async () => {
    const again = await introspectSchema(db.client);
    expect(again).toEqual(model);
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  test('qualifies every name whatever the caller’s search_path, and restores that search_path', async () => {
    await db.client.query('begin');
    try {
      await db.client.query('set local search_path = app_public, app_private, public');
      const seen = await introspectSchema(db.client);
      expect(seen).toEqual(model);
      const { rows } = await db.client.query<{ search_path: string }>('show search_path');
      expect(rows[0]?.search_path).toBe('app_public, app_private, public');
    } finally {
      await db.client.query('rollback');
    }
  });

  test('says which schema is missing', async () => {
    await expect(introspectSchema(db.client, 'no_such_schema')).rejects.toThrow('schema no_such_schema does not exist');
  });
});

describe('introspectSchema on the migrated schema', () => {
  let db: ScratchDatabase;
  let model: SchemaModel;

  beforeAll(async () => {
    db = await createMigratedDatabase();
    model = await introspectSchema(db.client);
  });

  afterAll(() => db.drop());

  test('finds the 22 tables of the data model, each commented', () => {
    expect(model.tables).toHaveLength(22);
    expect(model.tables.map((t) => t.name)).toEqual([...model.tables.map((t) => t.name)].sort());
    expect(model.tables.filter((t) => t.comment === '').map((t) => t.name)).toEqual([]);
    const uncommented = model.tables.flatMap((t) => t.columns.filter((c) => c.comment === '').map((c) => `${t.name}.${c.name}`));
    expect(uncommented).toEqual([]);
  });

  test('reads the trigger function from app_private and the users table as the spec has it', () => {
    expect(model.functions.map((f) => f.name)).toContain('app_private.tg__set_updated_at');
    const users = table(model, 'users');
    expect(users.primaryKey?.columns).toEqual(['id']);
    expect(column(model, 'users', 'email')).toMatchObject({ type: 'text', nullable: false, maxLength: 255 });
    expect(column(model, 'users', 'subscription_tier').valueSet?.values).toEqual(['Free', 'Pro', 'Team', 'Enterprise']);
    expect(column(model, 'users', 'id').default).toBe('gen_random_uuid()');
  });

  test('ignores graphile-migrate’s own schema', () => {
    expect(model.schemas?.map((s) => s.name)).toEqual(['app_private', 'app_public']);
    expect(model.functions.every((f) => !f.name.startsWith('graphile_migrate.'))).toBe(true);
  });
});

describe('introspectSchema on the migrated schema with the shape of 000002', () => {
  test('reads default privileges: the owner’s (no role named) for every schema, another role’s, one schema’s', async () => {
    const db = await createDatabaseThrough(1);
    try {
      expect((await introspectSchema(db.client)).defaultPrivileges).toEqual([]);
      await db.client.query(securityFixtureSql);
      await db.client.query(`alter default privileges in schema app_public grant select on tables to ${VISITOR} with grant option`);
      await db.client.query(`alter default privileges for role ${VISITOR} revoke usage on types from public`);
      expect((await introspectSchema(db.client)).defaultPrivileges).toEqual([
        { objects: 'FUNCTIONS', grants: [] },
        { schema: 'app_public', objects: 'TABLES', grants: [{ grantee: VISITOR, privilege: 'SELECT', grantable: true }] },
        // The role's own USAGE is left out, like an owner's: PUBLIC lost it.
        { role: VISITOR, objects: 'TYPES', grants: [] },
      ]);
    } finally {
      await db.drop();
    }
  });
});

describe('readCheck', () => {
  test('reads IN lists of text and varchar columns, single values and quoted names', () => {
    expect(readCheck("CHECK ((status = ANY (ARRAY['A'::text, 'B'::text])))").valueSets).toEqual(new Map([['status', ['A', 'B']]]));
    expect(
      readCheck("CHECK (((kind)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))").valueSets,
    ).toEqual(new Map([['kind', ['a', 'b']]]));
    expect(readCheck("CHECK ((size = 'XL'::text))").valueSets).toEqual(new Map([['size', ['XL']]]));
    expect(readCheck(`CHECK (("Kind Of" = ANY (ARRAY['x, y'::text, 'it''s'::text, '])'::text])))`).valueSets).toEqual(
      new Map([['Kind Of', ['x, y', "it's", '])']]]),
    );
  });

  test('reads char_length limits, also inside AND and with <', () => {
    expect(readCheck('CHECK ((char_length(email) <= 255))').maxLengths).toEqual(new Map([['email', 255]]));
    expect(readCheck('CHECK (((char_length(name) >= 1) AND (char_length(name) <= 100)))').maxLengths).toEqual(new Map([['name', 100]]));
    expect(readCheck('CHECK ((char_length((code)::text) < 11)) NOT VALID').maxLengths).toEqual(new Map([['code', 10]]));
    const both = readCheck("CHECK (((char_length(tier) <= 20) AND (tier = ANY (ARRAY['Free'::text, 'Pro'::text]))))");
    expect(both.maxLengths).toEqual(new Map([['tier', 20]]));
    expect(both.valueSets).toEqual(new Map([['tier', ['Free', 'Pro']]]));
  });

  test('reads nothing from what it does not recognise', () => {
    for (const definition of [
      'CHECK ((rating >= 1) AND (rating <= 5))',
      "CHECK (((status = 'A'::text) OR (status = 'B'::text)))",
      'CHECK ((n = ANY (ARRAY[1, 2, 3])))',
      'UNIQUE (email)',
    ]) {
      const facts = readCheck(definition);
      expect([facts.valueSets.size, facts.maxLengths.size]).toEqual([0, 0]);
    }
  });
});
