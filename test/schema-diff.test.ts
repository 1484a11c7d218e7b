import { introspectSchema } from '../src/introspect/introspect.ts';
import { describeSchemaChange, diffSchemas, isEmptyChange } from '../src/model/schema-diff.ts';
import type { ColumnModel, GrantModel, SchemaModel, TableModel } from '../src/model/schema-model.ts';
import { sampleModel } from './fixtures/sample-model.ts';
import * as build from './helpers/model-builder.ts';
import { securityFixtureSql, VISITOR } from './fixtures/security-fixture.ts';
import { createDatabaseThrough } from './helpers/database.ts';

function edited(edit: (model: SchemaModel) => void): SchemaModel {
  const model = structuredClone(sampleModel);
  edit(model);
  return model;
}

function table(model: SchemaModel, name: string): TableModel {
  const found = model.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name} in the sample model`);
  return found;
}

function column(model: SchemaModel, tableName: string, name: string): ColumnModel {
  const found = table(model, tableName).columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${tableName}.${name} in the sample model`);
  return found;
}

const archivedAt = build.column({
  name: 'archived_at',
  position: 5,
  type: 'timestamp with time zone',
  typeName: 'timestamptz',
  nullable: true,
  comment: 'When the project was archived.',
});

describe('diffSchemas', () => {
  test('a model against itself is no change', () => {
    const change = diffSchemas(sampleModel, structuredClone(sampleModel));
    expect(isEmptyChange(change)).toBe(true);
    expect(describeSchemaChange(change)).toEqual(['no table, column or function changed']);
  });

  test('a column added to a table', () => {
    const after = edited((m) => table(m, 'projects').columns.push(archivedAt));
    const change = diffSchemas(sampleModel, after);
    expect(change.tablesChanged).toEqual([
      { table: 'projects', columnsAdded: [archivedAt], columnsRemoved: [], columnsRenamed: [], columnsChanged: [], other: [] },
    ]);
    expect(describeSchemaChange(change)).toEqual(['~ table projects: + archived_at timestamp with time zone']);
  });

  test('type, nullability, default and comment changes of one column, in one line', () => {
    const after = edited((m) => {
      Object.assign(column(m, 'projects', 'name'), { type: 'character varying(200)', typeName: 'varchar', nullable: true, default: "''::text", comment: 'Renamed.' });
    });
    expect(describeSchemaChange(diffSchemas(sampleModel, after))).toEqual([
      "~ table projects: ~ name: type text → character varying(200), not null → nullable, default none → ''::text, comment changed",
    ]);
  });

  test('a column renamed in place is one rename, not a drop and an add', () => {
    const after = edited((m) => {
      column(m, 'projects', 'collaboration_state').name = 'live_state';
    });
    const [change] = diffSchemas(sampleModel, after).tablesChanged;
    expect(change?.columnsRenamed).toEqual([{ from: 'collaboration_state', to: 'live_state', changes: [] }]);
    expect(change?.columnsAdded).toEqual([]);
    expect(change?.columnsRemoved).toEqual([]);
  });

  test('a column dropped and another of a different type added are a removal and an addition', () => {
    const after = edited((m) => {
      Object.assign(column(m, 'projects', 'collaboration_state'), { name: 'archived', type: 'boolean', typeName: 'bool' });
    });
    expect(describeSchemaChange(diffSchemas(sampleModel, after))).toEqual([
      '~ table projects: + archived boolean; - collaboration_state',
    ]);
  });

  test('tables added and removed, with the added table’s columns spelled out', () => {
    const added: TableModel = {
      ...structuredClone(table(sampleModel, 'teams')),
      name: 'project_tags',
      columns: [
        { ...archivedAt, name: 'project_id', position: 1, type: 'uuid', typeName: 'uuid', nullable: false },
        { ...archivedAt, name: 'tag', position: 2, type: 'text', typeName: 'text', nullable: false, default: "'new'::text" },
      ],
    };
    const after = edited((m) => {
      m.tables = m.tables.filter((t) => t.name !== 'sessions');
      m.tables.push(added);
    });
    const change = diffSchemas(sampleModel, after);
    expect(change.tablesRemoved).toEqual(['sessions']);
    expect(change.tablesAdded.map((t) => t.name)).toEqual(['project_tags']);
    expect(describeSchemaChange(change)).toEqual([
      "+ table project_tags (project_id uuid not null, tag text not null default 'new'::text)",
      '- table sessions',
    ]);
  });

  test('indexes, constraints, triggers, comments and row level security show as table-level changes', () => {
    const after = edited((m) => {
      const projects = table(m, 'projects');
      projects.indexes.push(build.index({ name: 'projects_name_idx', columns: ['name'], definition: 'CREATE INDEX …' }));
      projects.checks.push(build.check({ name: 'projects_name_check', columns: ['name'], definition: 'CHECK ((char_length(name) <= 100))' }));
      projects.foreignKeys = [];
      projects.comment = 'Changed.';
      projects.rawComment = 'Changed.';
      projects.rowLevelSecurity = { enabled: true, forced: false };
      const users = table(m, 'users');
      const [firstCheck] = users.checks;
      if (firstCheck) firstCheck.definition = 'CHECK ((char_length(email) <= 320))';
    });
    expect(describeSchemaChange(diffSchemas(sampleModel, after))).toEqual([
      '~ table projects: comment changed; foreign key projects_user_id_fkey removed; check projects_name_check added; index projects_name_idx added; row level security enabled',
      '~ table users: check users_email_check changed',
    ]);
  });

  test('functions added, redefined and removed, told apart by their arguments', () => {
    const after = edited((m) => {
      const [fn] = m.functions;
      if (fn) fn.definition = `${fn.definition}-- changed\n`;
      // No grants: the project's default privileges revoke PUBLIC's EXECUTE.
      m.functions.push(build.fn({ name: 'app_public.project_count', arguments: 'user_id uuid', definition: 'CREATE FUNCTION …', grants: [] }));
    });
    expect(describeSchemaChange(diffSchemas(sampleModel, after))).toEqual([
      '+ function app_public.project_count(user_id uuid)',
      '~ function app_private.tg__set_updated_at()',
    ]);
    expect(describeSchemaChange(diffSchemas(after, sampleModel))).toEqual([
      '~ function app_private.tg__set_updated_at()',
      '- function app_public.project_count(user_id uuid)',
    ]);
  });
});

const grant = (privilege: string, grantee = 'visitor', grantable = false): GrantModel => ({ grantee, privilege, grantable });

const selectOwn = build.policy({
  name: 'select_own',
  command: 'SELECT',
  roles: ['visitor'],
  using: '(user_id = ( SELECT app_public.current_user_id() AS current_user_id))',
});

describe('diffSchemas: row level security, policies and privileges', () => {
  /** sessions with RLS on, one policy, and table and column grants to visitor. */
  const secured = edited((m) => {
    const sessions = table(m, 'sessions');
    sessions.rowLevelSecurity = { enabled: true, forced: false };
    sessions.policies = [selectOwn];
    sessions.grants = [grant('DELETE'), grant('SELECT')];
    column(m, 'sessions', 'expires_at').grants = [grant('UPDATE')];
    column(m, 'sessions', 'user_id').grants = [grant('UPDATE')];
  });

  test('RLS switched on, a policy added, table grants and column grants by privilege, per role', () => {
    expect(describeSchemaChange(diffSchemas(sampleModel, secured))).toEqual([
      '~ table sessions: row level security enabled; policy select_own added (SELECT to visitor); DELETE, SELECT granted to visitor; UPDATE (user_id, expires_at) granted to visitor',
    ]);
  });

  test('RLS switched off and forced, a policy removed, grants revoked', () => {
    const after = edited((m) => {
      const sessions = table(m, 'sessions');
      sessions.rowLevelSecurity = { enabled: false, forced: true };
      sessions.grants = [grant('SELECT')];
    });
    expect(describeSchemaChange(diffSchemas(secured, after))).toEqual([
      '~ table sessions: row level security disabled; row level security forced; policy select_own removed; DELETE revoked from visitor; UPDATE (user_id, expires_at) revoked from visitor',
    ]);
  });

  test('a policy changed names what changed; restrictive and several roles show when added', () => {
    const after = structuredClone(secured);
    const sessions = table(after, 'sessions');
    sessions.policies = [
      { ...selectOwn, name: 'keep_recent', command: 'DELETE', permissive: false, roles: ['admin', 'visitor'] },
      { ...selectOwn, command: 'ALL', roles: ['PUBLIC'], withCheck: 'true', comment: 'Own rows.', rawComment: 'Own rows.' },
    ];
    expect(describeSchemaChange(diffSchemas(secured, after))).toEqual([
      '~ table sessions: policy keep_recent added (DELETE, restrictive, to admin, visitor); policy select_own changed: command SELECT → ALL, roles visitor → PUBLIC, WITH CHECK, comment',
    ]);
    const using = structuredClone(secured);
    const [policy] = table(using, 'sessions').policies;
    if (policy) policy.using = 'false';
    expect(describeSchemaChange(diffSchemas(secured, using))).toEqual(['~ table sessions: policy select_own changed: USING']);
  });

  test('a grant option is a grant of its own', () => {
    const after = structuredClone(secured);
    table(after, 'sessions').grants = [grant('DELETE'), grant('SELECT', 'visitor', true)];
    expect(describeSchemaChange(diffSchemas(secured, after))).toEqual([
      '~ table sessions: SELECT WITH GRANT OPTION granted to visitor; SELECT revoked from visitor',
    ]);
  });

  test('a table added with RLS, policies and grants says so on its line', () => {
    const added: TableModel = { ...structuredClone(table(secured, 'sessions')), name: 'sessions_archive' };
    const after = edited((m) => m.tables.push(added));
    const [line] = describeSchemaChange(diffSchemas(sampleModel, after));
    expect(line).toMatch(/^\+ table sessions_archive \(id uuid not null default gen_random_uuid\(\), .*\): row level security enabled; /);
    expect(line?.endsWith(': row level security enabled; policy select_own added (SELECT to visitor); DELETE, SELECT granted to visitor; UPDATE (user_id, expires_at) granted to visitor')).toBe(true);
  });

  test('function, schema and default-privilege grants, per role', () => {
    const before = edited((m) => {
      m.schemas = [build.namespace({ name: 'app_public' })];
      const [fn] = m.functions;
      if (fn) fn.grants = [grant('EXECUTE', 'PUBLIC')];
    });
    const after = structuredClone(before);
    after.schemas = [build.namespace({ name: 'app_public', grants: [grant('USAGE')] })];
    const [fn] = after.functions;
    if (fn) fn.grants = [grant('EXECUTE')];
    after.functions.push(build.fn({ name: 'app_public.current_user_id', definition: 'CREATE FUNCTION …', grants: [grant('EXECUTE')] }));
    after.defaultPrivileges = [
      { objects: 'FUNCTIONS', grants: [] },
      { schema: 'app_public', objects: 'TABLES', grants: [grant('SELECT')] },
    ];
    expect(describeSchemaChange(diffSchemas(before, after))).toEqual([
      '+ function app_public.current_user_id(): EXECUTE granted to visitor',
      '~ schema app_public: USAGE granted to visitor',
      '~ function app_private.tg__set_updated_at(): EXECUTE granted to visitor; EXECUTE revoked from PUBLIC',
      '~ default privileges on functions: EXECUTE revoked from PUBLIC',
      '~ default privileges in schema app_public on tables: SELECT granted to visitor',
    ]);
    expect(describeSchemaChange(diffSchemas(after, before))).toEqual([
      '- function app_public.current_user_id()',
      '~ schema app_public: USAGE revoked from visitor',
      '~ function app_private.tg__set_updated_at(): EXECUTE granted to PUBLIC; EXECUTE revoked from visitor',
      '~ default privileges on functions: EXECUTE granted to PUBLIC',
      '~ default privileges in schema app_public on tables: SELECT revoked from visitor',
    ]);
  });

  test('the migrated schema before and after a 000002-shaped migration', async () => {
    const db = await createDatabaseThrough(1);
    try {
      const before = await introspectSchema(db.client);
      await db.client.query(securityFixtureSql);
      const lines = describeSchemaChange(diffSchemas(before, await introspectSchema(db.client)));
      expect(lines).toContain(
        `~ table teams: row level security enabled; policy delete_own added (DELETE to ${VISITOR}); policy insert_own added (INSERT to ${VISITOR}); ` +
          `policy select_member added (SELECT to ${VISITOR}); policy update_own added (UPDATE to ${VISITOR}); DELETE, SELECT granted to ${VISITOR}; ` +
          `INSERT (name, owner_id) granted to ${VISITOR}; UPDATE (name) granted to ${VISITOR}`,
      );
      expect(lines).toContain(`+ function app_public.current_user_id(): EXECUTE granted to ${VISITOR}`);
      expect(lines).toContain(`~ function app_private.tg__set_updated_at(): EXECUTE revoked from PUBLIC`);
      expect(lines).toContain(`~ schema app_private: USAGE granted to ${VISITOR}`);
      expect(lines).toContain('~ default privileges on functions: EXECUTE revoked from PUBLIC');
      expect(lines.find((l) => l.startsWith('~ table api_clients:'))).toContain('row level security enabled; row level security forced; policy manage_own added (ALL to');
      expect(lines.find((l) => l.startsWith('~ table users:'))).toContain(
        `SELECT (id, email, social_provider, social_provider_id, is_email_verified, subscription_tier, credit_balance, created_at, updated_at) granted to ${VISITOR}`,
      );
    } finally {
      await db.drop();
    }
  });
});
