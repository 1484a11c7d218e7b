import { describeSchemaChange, diffSchemas, isEmptyChange } from '../src/model/schema-diff.ts';
import type { ColumnModel, SchemaModel, TableModel } from '../src/model/schema-model.ts';
import { sampleModel } from './fixtures/sample-model.ts';

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

const archivedAt: ColumnModel = {
  name: 'archived_at',
  position: 5,
  type: 'timestamp with time zone',
  typeName: 'timestamptz',
  isArray: false,
  nullable: true,
  comment: 'When the project was archived.',
  tags: {},
};

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
      projects.indexes.push({ name: 'projects_name_idx', columns: ['name'], unique: false, constraintBacked: false, definition: 'CREATE INDEX …', comment: '' });
      projects.checks.push({ name: 'projects_name_check', columns: ['name'], definition: 'CHECK ((char_length(name) <= 100))', comment: '' });
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
      m.functions.push({ name: 'app_public.project_count', arguments: 'user_id uuid', definition: 'CREATE FUNCTION …', comment: '' });
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
