import type { ColumnModel, FunctionModel, SchemaModel, TableModel } from './schema-model.ts';
import { privilegeChanges, tableSecurityChanges, type PrivilegeChange } from './security-diff.ts';

/**
 * What changed between two SchemaModels, for people reviewing a migration:
 * tables and columns added, changed or removed, plus the table-level objects
 * (keys, foreign keys, checks, indexes, triggers, comments, row level
 * security, policies, grants), the functions that changed, and the privileges
 * of schemas, functions and default privileges. Pure: two models in, plain
 * data out.
 */

export interface SchemaChange {
  tablesAdded: TableModel[];
  tablesRemoved: string[];
  tablesChanged: TableChange[];
  /** "name(arguments)" of functions added, removed or redefined. */
  functionsAdded: string[];
  functionsRemoved: string[];
  functionsChanged: string[];
  /** Grants and revokes on schemas and functions (added ones included) and in the default privileges. */
  privilegesChanged: PrivilegeChange[];
}

export interface TableChange {
  table: string;
  columnsAdded: ColumnModel[];
  columnsRemoved: string[];
  /** A column dropped and one added in its place with the same type, nullability and position, and what else differs. */
  columnsRenamed: { from: string; to: string; changes: string[] }[];
  columnsChanged: ColumnChange[];
  /**
   * Other table-level changes, one phrase each: "index projects_owner_idx added", "comment changed",
   * "row level security enabled", "policy select_own added (SELECT to visitor)", "DELETE, SELECT granted to visitor",
   * "UPDATE (email) revoked from visitor".
   */
  other: string[];
}

export interface ColumnChange {
  column: string;
  /** One phrase per changed property: "type text → character varying(200)", "nullable → not null". */
  changes: string[];
}

export function diffSchemas(before: SchemaModel, after: SchemaModel): SchemaChange {
  const beforeTables = byName(before.tables);
  const afterTables = byName(after.tables);
  const beforeFunctions = new Map(before.functions.map((f) => [functionKey(f), f]));
  const afterFunctions = new Map(after.functions.map((f) => [functionKey(f), f]));
  return {
    tablesAdded: after.tables.filter((t) => !beforeTables.has(t.name)),
    tablesRemoved: before.tables.filter((t) => !afterTables.has(t.name)).map((t) => t.name),
    tablesChanged: after.tables.flatMap((table) => {
      const old = beforeTables.get(table.name);
      const change = old && diffTables(old, table);
      return change ? [change] : [];
    }),
    functionsAdded: [...afterFunctions.keys()].filter((key) => !beforeFunctions.has(key)),
    functionsRemoved: [...beforeFunctions.keys()].filter((key) => !afterFunctions.has(key)),
    functionsChanged: [...afterFunctions].filter(([key, f]) => {
      const old = beforeFunctions.get(key);
      return old !== undefined && (old.definition !== f.definition || old.rawComment !== f.rawComment);
    }).map(([key]) => key),
    privilegesChanged: privilegeChanges(before, after),
  };
}

export function isEmptyChange(change: SchemaChange): boolean {
  return Object.values(change).every((list: readonly unknown[]) => list.length === 0);
}

function diffTables(before: TableModel, after: TableModel): TableChange | undefined {
  const beforeColumns = byName(before.columns);
  const afterColumns = byName(after.columns);
  let added = after.columns.filter((c) => !beforeColumns.has(c.name));
  let removed = before.columns.filter((c) => !afterColumns.has(c.name));
  const renamed: TableChange['columnsRenamed'] = [];
  for (const column of [...added]) {
    const from = removed.find((old) => old.position === column.position && old.type === column.type && old.nullable === column.nullable);
    if (!from) continue;
    renamed.push({ from: from.name, to: column.name, changes: columnChanges(from, column) });
    added = added.filter((c) => c !== column);
    removed = removed.filter((c) => c !== from);
  }
  const changed = after.columns.flatMap((column) => {
    const old = beforeColumns.get(column.name);
    const changes = old ? columnChanges(old, column) : [];
    return changes.length > 0 ? [{ column: column.name, changes }] : [];
  });
  const other = [
    ...(before.rawComment !== after.rawComment ? ['comment changed'] : []),
    ...namedChanges('primary key', before.primaryKey ? [before.primaryKey] : [], after.primaryKey ? [after.primaryKey] : []),
    ...namedChanges('unique constraint', before.uniqueConstraints, after.uniqueConstraints),
    ...namedChanges('foreign key', before.foreignKeys, after.foreignKeys),
    ...namedChanges('check', before.checks, after.checks),
    // Indexes that back a key are the key's business.
    ...namedChanges('index', before.indexes.filter((i) => !i.constraintBacked), after.indexes.filter((i) => !i.constraintBacked)),
    ...namedChanges('trigger', before.triggers, after.triggers),
    ...tableSecurityChanges(before, after),
  ];
  const change: TableChange = {
    table: after.name,
    columnsAdded: added,
    columnsRemoved: removed.map((c) => c.name),
    columnsRenamed: renamed,
    columnsChanged: changed,
    other,
  };
  const empty = added.length + removed.length + renamed.length + changed.length + other.length === 0;
  return empty ? undefined : change;
}

function columnChanges(before: ColumnModel, after: ColumnModel): string[] {
  const changes: string[] = [];
  if (before.type !== after.type) changes.push(`type ${before.type} → ${after.type}`);
  if (before.nullable !== after.nullable) changes.push(before.nullable ? 'nullable → not null' : 'not null → nullable');
  if (before.default !== after.default) changes.push(`default ${before.default ?? 'none'} → ${after.default ?? 'none'}`);
  if (before.identity !== after.identity) changes.push(`identity ${before.identity ?? 'none'} → ${after.identity ?? 'none'}`);
  if (before.generated !== after.generated) changes.push(`generated ${before.generated ?? 'none'} → ${after.generated ?? 'none'}`);
  if (before.rawComment !== after.rawComment || before.comment !== after.comment) changes.push('comment changed');
  // Column grants are told at table level, grouped by privilege: "UPDATE (email, name) granted to visitor".
  return changes;
}

/** Added, removed and redefined objects of one kind, matched by name. */
function namedChanges(kind: string, before: { name: string; definition?: string }[], after: { name: string; definition?: string }[]): string[] {
  const old = byName(before);
  const now = byName(after);
  return [
    ...after.filter((o) => !old.has(o.name)).map((o) => `${kind} ${o.name} added`),
    ...before.filter((o) => !now.has(o.name)).map((o) => `${kind} ${o.name} removed`),
    ...after.filter((o) => old.has(o.name) && old.get(o.name)?.definition !== o.definition).map((o) => `${kind} ${o.name} changed`),
  ];
}

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.name, item]));
}

function functionKey(fn: FunctionModel): string {
  return `${fn.name}(${fn.arguments})`;
}

/** A column as a reviewer reads it: "archived_at timestamp with time zone", plus "not null" and its default. */
function columnText(column: ColumnModel): string {
  const parts = [column.name, column.type];
  if (!column.nullable) parts.push('not null');
  if (column.default !== undefined) parts.push(`default ${column.default}`);
  return parts.join(' ');
}

/**
 * The change as lines for the terminal, one per table, function, schema or default-privileges entry:
 *   + table project_tags (project_id uuid not null, tag text not null): row level security enabled; …
 *   ~ table projects: + archived_at timestamp with time zone; ~ title: type text → character varying(200); index … added
 *   ~ table teams: policy select_member added (SELECT to visitor); DELETE, SELECT granted to visitor
 *   - table legacy_things
 *   + function app_public.current_user_id(): EXECUTE granted to visitor
 *   ~ default privileges on functions: EXECUTE revoked from PUBLIC
 */
export function describeSchemaChange(change: SchemaChange): string[] {
  if (isEmptyChange(change)) return ['no table, column or function changed'];
  const privileges = new Map(change.privilegesChanged.map((p) => [p.object, p.changes]));
  const onFunctionLines = new Set([...change.functionsAdded, ...change.functionsChanged].map((name) => `function ${name}`));
  const suffix = (phrases: string[] | undefined): string => (phrases && phrases.length > 0 ? `: ${phrases.join('; ')}` : '');
  return [
    ...change.tablesAdded.map((t) => `+ table ${t.name} (${t.columns.map(columnText).join(', ')})${suffix(tableSecurityChanges(undefined, t))}`),
    ...change.tablesChanged.map((t) => {
      const parts = [
        ...t.columnsAdded.map((c) => `+ ${columnText(c)}`),
        ...t.columnsRenamed.map((r) => `${r.from} renamed to ${r.to}${r.changes.length ? ` (${r.changes.join(', ')})` : ''}`),
        ...t.columnsChanged.map((c) => `~ ${c.column}: ${c.changes.join(', ')}`),
        ...t.columnsRemoved.map((name) => `- ${name}`),
        ...t.other,
      ];
      return `~ table ${t.table}: ${parts.join('; ')}`;
    }),
    ...change.tablesRemoved.map((name) => `- table ${name}`),
    // A function's grant changes go on its +/~ line; a function whose grants alone changed gets a ~ line of its own below.
    ...change.functionsAdded.map((name) => `+ function ${name}${suffix(privileges.get(`function ${name}`))}`),
    ...change.functionsChanged.map((name) => `~ function ${name}${suffix(privileges.get(`function ${name}`))}`),
    ...change.functionsRemoved.map((name) => `- function ${name}`),
    ...change.privilegesChanged
      .filter((p) => !onFunctionLines.has(p.object))
      .map((p) => `~ ${p.object}: ${p.changes.join('; ')}`),
  ];
}
