import { builtInGrants } from '../../src/model/privileges.ts';
import type {
  CheckConstraintModel,
  ColumnModel,
  ForeignKeyModel,
  FunctionModel,
  IndexModel,
  KeyConstraintModel,
  NamespaceModel,
  PolicyModel,
  SchemaModel,
  SmartTags,
  TableModel,
  TriggerModel,
} from '../../src/model/schema-model.ts';

/**
 * Hand-built SchemaModels for emitter tests. The model is total, so each
 * builder takes what a test cares about and fills the rest with what
 * introspection gives an object that has none of it: no comment, no tags, no
 * grants beyond those its CREATE gives, row level security off, no policies.
 * rawComment, when not given, is the comment as stored: the tags (one
 * `@tag value` line each), then the description.
 */

type Spec<T, Required extends keyof T> = Pick<T, Required> & Partial<T>;

/** The comment text PostgreSQL would store for these tags and this description. */
function storedComment(tags: SmartTags, comment: string): string {
  const lines = Object.entries(tags).flatMap(([tag, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => (v === true ? `@${tag}` : `@${tag} ${v}`)),
  );
  return [...lines, ...(comment === '' ? [] : [comment])].join('\n');
}

/** comment and rawComment, rawComment defaulted from the tags and the comment. */
function comments(spec: { comment?: string; tags?: SmartTags; rawComment?: string }): { comment: string; rawComment: string } {
  const comment = spec.comment ?? '';
  return { comment, rawComment: spec.rawComment ?? storedComment(spec.tags ?? {}, comment) };
}

/** A column, not null; typeName defaults to type, position to 1. */
export function column(spec: Spec<ColumnModel, 'name' | 'type'>): ColumnModel {
  return { position: 1, typeName: spec.type, isArray: false, nullable: false, tags: {}, grants: [], ...spec, ...comments(spec) };
}

export function primaryKey(spec: Spec<KeyConstraintModel, 'name' | 'columns'>): KeyConstraintModel {
  return { definition: `PRIMARY KEY (${spec.columns.join(', ')})`, tags: {}, ...spec, ...comments(spec) };
}

export function uniqueKey(spec: Spec<KeyConstraintModel, 'name' | 'columns'>): KeyConstraintModel {
  return { definition: `UNIQUE (${spec.columns.join(', ')})`, tags: {}, ...spec, ...comments(spec) };
}

export function foreignKey(spec: Spec<ForeignKeyModel, 'name' | 'columns' | 'foreignTable' | 'definition'>): ForeignKeyModel {
  return { foreignColumns: ['id'], onDelete: 'no action', onUpdate: 'no action', deferrable: false, tags: {}, ...spec, ...comments(spec) };
}

export function check(spec: Spec<CheckConstraintModel, 'name' | 'columns' | 'definition'>): CheckConstraintModel {
  return { tags: {}, ...spec, ...comments(spec) };
}

export function index(spec: Spec<IndexModel, 'name' | 'columns' | 'definition'>): IndexModel {
  return { unique: false, constraintBacked: false, tags: {}, ...spec, ...comments(spec) };
}

export function trigger(spec: Spec<TriggerModel, 'name' | 'definition' | 'function'>): TriggerModel {
  return { ...spec, ...comments(spec) };
}

export function policy(spec: Spec<PolicyModel, 'name' | 'command'>): PolicyModel {
  return { permissive: true, roles: ['PUBLIC'], ...spec, ...comments(spec) };
}

/** A function as its CREATE leaves it: PUBLIC may execute it (PostgreSQL's default). */
export function fn(spec: Spec<FunctionModel, 'name' | 'definition'>): FunctionModel {
  return { arguments: '', grants: builtInGrants('FUNCTIONS'), ...spec, ...comments(spec) };
}

export function namespace(spec: Spec<NamespaceModel, 'name'>): NamespaceModel {
  return { grants: [], ...spec, ...comments(spec) };
}

/** A table with no keys, constraints, indexes, triggers, policies or grants unless given, RLS off. */
export function table(spec: Spec<TableModel, 'name'>): TableModel {
  return {
    tags: {},
    columns: [],
    uniqueConstraints: [],
    foreignKeys: [],
    checks: [],
    indexes: [],
    triggers: [],
    rowLevelSecurity: { enabled: false, forced: false },
    policies: [],
    grants: [],
    ...spec,
    ...comments(spec),
  };
}

/**
 * A model of app_public unless told otherwise; its schemas default to the
 * model's schema and those of its functions, by name, as introspection lists them.
 */
export function model(spec: Partial<SchemaModel>): SchemaModel {
  const schema = spec.schema ?? 'app_public';
  const functions = spec.functions ?? [];
  const names = [...new Set([schema, ...functions.map((f) => f.name.slice(0, f.name.indexOf('.')))])].sort();
  // No keywords: a test that names something after one gives the model that word.
  return { schema, tables: [], functions, schemas: names.map((name) => namespace({ name })), defaultPrivileges: [], quotedKeywords: [], ...spec };
}
