import type pg from 'pg';
import {
  parseIntrospectionResults,
  type Introspection,
  type PgAttribute,
  type PgClass,
  type PgConstraint,
  type PgIndex,
} from 'postgraphile/graphile-build-pg/pg-introspection';
import { UserError } from '../lib/errors.ts';
import { byName, compareNames } from '../lib/compare.ts';
import type {
  CheckConstraintModel,
  ColumnModel,
  DefaultPrivilegeModel,
  DefaultPrivilegeObjects,
  ForeignKeyModel,
  FunctionModel,
  GrantModel,
  IndexModel,
  KeyConstraintModel,
  NamespaceModel,
  PolicyModel,
  ReferentialAction,
  SchemaModel,
  SmartTags,
  TableModel,
  TriggerModel,
} from '../model/schema-model.ts';
import { readCatalog, type CatalogRead } from './catalog-read.ts';
import type { CatalogTexts } from './catalog-texts.ts';
import { splitComment } from './smart-tags.ts';
import { readCheck, type CheckFacts } from './value-sets.ts';

/**
 * Catalog → SchemaModel, through PostGraphile's own introspection (so the
 * model sees the schema exactly as the GraphQL API does) plus one statement of
 * catalog-rendered texts. Both travel in a single round trip; everything
 * after that is in-memory joins by oid, linear in the size of the schema.
 */
export async function introspectSchema(client: pg.ClientBase, schema = 'app_public'): Promise<SchemaModel> {
  return (await introspectCatalog(client, schema)).model;
}

/** The model and the two texts (readCatalog's) it was built from. */
export interface CatalogIntrospection extends CatalogRead {
  model: SchemaModel;
}

/**
 * The model from the two texts introspectCatalog fetched: what it builds, for
 * a caller that already holds both (the GraphQL thread, which names its value
 * sets from it).
 */
export function modelFromCatalogTexts(introspectionText: string, catalogTexts: string, schema: string): SchemaModel {
  return buildModel(parseIntrospectionResults(introspectionText, false), JSON.parse(catalogTexts) as CatalogTexts, schema);
}

/** introspectSchema, keeping the raw introspection text for the GraphQL schema. */
export async function introspectCatalog(client: pg.ClientBase, schema = 'app_public'): Promise<CatalogIntrospection> {
  const { introspectionText, catalogTexts } = await readCatalog(client, schema);
  return { model: modelFromCatalogTexts(introspectionText, catalogTexts, schema), introspectionText, catalogTexts };
}

function buildModel(introspection: Introspection, texts: CatalogTexts, schema: string): SchemaModel {
  const namespace = introspection.getNamespace({ name: schema });
  if (!namespace) {
    throw new UserError(`schema ${schema} does not exist in this database; run the migrations first (cfdb migrate).`);
  }
  const lookup = new TextLookup(texts);
  const tables = introspection.classes
    .filter((c) => c.relnamespace === namespace._id && (c.relkind === 'r' || c.relkind === 'p'))
    .map((c) => tableModel(c, lookup))
    .sort(byName);
  return {
    schema,
    tables,
    functions: texts.functions
      .filter((f) => f.inModel)
      .map((f) => functionModel(f, lookup))
      .sort(byFunction),
    schemas: texts.namespaces.map((name) => namespaceModel(introspection, name, lookup)),
    defaultPrivileges: texts.defaultPrivileges
      .filter((entry) => entry.schema === null || texts.namespaces.includes(entry.schema))
      .map((entry) => defaultPrivilegeModel(entry, namespace.nspowner))
      .sort(byDefaultPrivilege),
    quotedKeywords: [...texts.quotedKeywords].sort(compareNames),
  };
}

/** The catalog texts indexed by the keys pg-introspection entities carry. */
class TextLookup {
  readonly columns = new Map<string, CatalogTexts['columns'][number]>();
  readonly constraints = new Map<string, string>();
  readonly indexes = new Map<string, CatalogTexts['indexes'][number]>();
  readonly triggers = new Map<string, CatalogTexts['triggers']>();
  readonly policies = new Map<string, CatalogTexts['policies']>();
  private readonly grants = new Map<string, GrantModel[]>();
  /** readCheck by definition: parsing is the costly part, and the same text (`CHECK ((char_length(name) <= 255))`) recurs across tables. */
  private readonly checkFacts = new Map<string, CheckFacts>();

  constructor(texts: CatalogTexts) {
    for (const c of texts.columns) this.columns.set(`${c.relid}:${c.attnum}`, c);
    for (const c of texts.constraints) this.constraints.set(c.id, c.definition);
    for (const i of texts.indexes) this.indexes.set(i.id, i);
    for (const t of texts.triggers) push(this.triggers, t.relid, t);
    for (const p of texts.policies) push(this.policies, p.relid, p);
    for (const g of texts.grants) {
      push(this.grants, `${g.kind}:${g.id}:${g.attnum}`, { grantee: g.grantee, privilege: g.privilege, grantable: g.grantable });
    }
  }

  checkFactsOf(definition: string): CheckFacts {
    let facts = this.checkFacts.get(definition);
    if (!facts) this.checkFacts.set(definition, (facts = readCheck(definition)));
    return facts;
  }

  grantsOf(kind: 'class' | 'proc' | 'namespace', id: string, attnum = 0): GrantModel[] {
    return [...(this.grants.get(`${kind}:${id}:${attnum}`) ?? [])].sort(byGrant);
  }
}

function tableModel(table: PgClass, lookup: TextLookup): TableModel {
  const attributes = table
    .getAttributes()
    .filter((a) => !a.attisdropped && a.attnum > 0)
    .sort((a, b) => a.attnum - b.attnum);
  const names = new Map(attributes.map((a) => [a.attnum, a.attname]));
  const columnNames = (numbers: readonly number[] | null): string[] => (numbers ?? []).map((n) => names.get(n) ?? `#${n}`);
  const constraints = table.getConstraints();
  const definition = (c: PgConstraint): string => lookup.constraints.get(c._id) ?? '';

  const keys = (type: string): KeyConstraintModel[] =>
    constraints
      .filter((c) => c.contype === type)
      .map((c) => ({ name: c.conname, columns: columnNames(c.conkey), definition: definition(c), ...comment(c.getDescription()) }))
      .sort(byName);
  const checks: CheckConstraintModel[] = constraints
    .filter((c) => c.contype === 'c')
    .map((c) => ({
      name: c.conname,
      columns: columnNames([...(c.conkey ?? [])].sort((a, b) => a - b)),
      definition: definition(c),
      ...comment(c.getDescription()),
    }))
    .sort(byName);
  const foreignKeys: ForeignKeyModel[] = constraints
    .filter((c) => c.contype === 'f')
    .map((c) => foreignKeyModel(c, columnNames(c.conkey), definition(c)))
    .sort(byName);
  const backing = new Set(constraints.filter((c) => 'pux'.includes(c.contype)).map((c) => c.conindid));
  const columns = attributes.map((a, i) => columnModel(a, i + 1, lookup));
  applyCheckFacts(columns, checks, lookup);

  const [primaryKey] = keys('p');
  const model: TableModel = {
    name: table.relname,
    ...comment(table.getDescription()),
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    uniqueConstraints: keys('u'),
    foreignKeys,
    checks,
    indexes: table
      .getIndexes()
      .map((i) => indexModel(i, names, backing.has(i.indexrelid), lookup))
      .sort(byName),
    triggers: (lookup.triggers.get(table._id) ?? []).map(triggerModel).sort(byName),
    rowLevelSecurity: { enabled: table.relrowsecurity === true, forced: table.relforcerowsecurity === true },
    policies: (lookup.policies.get(table._id) ?? []).map(policyModel).sort(byName),
    grants: lookup.grantsOf('class', table._id),
  };
  return model;
}

function columnModel(attribute: PgAttribute, position: number, lookup: TextLookup): ColumnModel {
  const texts = lookup.columns.get(`${attribute.attrelid}:${attribute.attnum}`);
  const type = attribute.getType();
  const isArray = type?.typcategory === 'A';
  const elementTypeName = isArray ? type?.getElemType()?.typname : undefined;
  const generatedKind = attribute.attgenerated === 's' ? 'stored' : attribute.attgenerated === 'v' ? 'virtual' : undefined;
  const expression = texts?.default ?? undefined;
  const identity = attribute.attidentity === 'a' ? 'always' : attribute.attidentity === 'd' ? 'by default' : undefined;
  return {
    name: attribute.attname,
    position,
    type: texts?.type ?? type?.typname ?? 'unknown',
    typeName: type?.typname ?? 'unknown',
    isArray,
    ...(elementTypeName ? { elementTypeName } : {}),
    nullable: attribute.attnotnull !== true,
    // A generated column keeps its expression where a default would be.
    ...(expression !== undefined && !generatedKind ? { default: expression } : {}),
    ...(identity ? { identity } : {}),
    ...(expression !== undefined && generatedKind ? { generated: expression, generatedKind } : {}),
    ...comment(attribute.getDescription()),
    grants: lookup.grantsOf('class', attribute.attrelid, attribute.attnum),
  };
}

/** Puts each single-column CHECK's value set and length limit on its column. */
function applyCheckFacts(columns: ColumnModel[], checks: CheckConstraintModel[], lookup: TextLookup): void {
  const byColumn = new Map(columns.map((c) => [c.name, c]));
  // checks are sorted by name, so the first value set by constraint name wins.
  for (const check of checks) {
    if (check.columns.length !== 1) continue;
    const column = byColumn.get(check.columns[0] ?? '');
    if (!column) continue;
    const facts = lookup.checkFactsOf(check.definition);
    const values = facts.valueSets.get(column.name);
    // A copy: the facts are shared by every check of the same text.
    if (values && !column.valueSet) column.valueSet = { constraint: check.name, values: [...values] };
    const max = facts.maxLengths.get(column.name);
    if (max !== undefined) column.maxLength = Math.min(max, column.maxLength ?? max);
  }
}

const referentialActions: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

function foreignKeyModel(constraint: PgConstraint, columns: string[], definition: string): ForeignKeyModel {
  const foreignTable = constraint.getForeignClass();
  const foreignNames = new Map((foreignTable?.getAttributes() ?? []).map((a) => [a.attnum, a.attname]));
  return {
    name: constraint.conname,
    columns,
    foreignTable: foreignTable?.relname ?? '',
    foreignColumns: (constraint.confkey ?? []).map((n) => foreignNames.get(n) ?? `#${n}`),
    onDelete: referentialActions[constraint.confdeltype ?? 'a'] ?? 'no action',
    onUpdate: referentialActions[constraint.confupdtype ?? 'a'] ?? 'no action',
    deferrable: constraint.condeferrable === true,
    definition,
    ...comment(constraint.getDescription()),
  };
}

function indexModel(index: PgIndex, names: Map<number, string>, constraintBacked: boolean, lookup: TextLookup): IndexModel {
  const texts = lookup.indexes.get(index.indexrelid);
  const keyCount = index.indnkeyatts ?? index.indnatts ?? index.indkey.length;
  // indkey 0 marks an expression key; pg_get_indexdef(index, k, true) renders it.
  const columns = index.indkey
    .slice(0, keyCount)
    .map((attnum, k) => (attnum === 0 ? (texts?.keys[k] ?? '') : (names.get(attnum) ?? `#${attnum}`)));
  return {
    name: index.getIndexClass()?.relname ?? '',
    columns,
    unique: index.indisunique === true,
    constraintBacked,
    definition: texts?.definition ?? '',
    ...comment(index.getDescription()),
  };
}

function triggerModel(trigger: CatalogTexts['triggers'][number]): TriggerModel {
  return { name: trigger.name, definition: trigger.definition, function: trigger.function, ...untaggedComment(trigger.comment) };
}

const policyCommands: Record<string, PolicyModel['command']> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

function policyModel(policy: CatalogTexts['policies'][number]): PolicyModel {
  return {
    name: policy.name,
    command: policyCommands[policy.command] ?? 'ALL',
    permissive: policy.permissive,
    roles: [...policy.roles].sort(compareNames),
    ...(policy.using !== null ? { using: policy.using } : {}),
    ...(policy.withCheck !== null ? { withCheck: policy.withCheck } : {}),
    ...untaggedComment(policy.comment),
  };
}

function functionModel(fn: CatalogTexts['functions'][number], lookup: TextLookup): FunctionModel {
  return {
    name: `${fn.schema}.${fn.name}`,
    arguments: fn.arguments,
    definition: fn.definition ?? '',
    ...untaggedComment(fn.comment),
    grants: lookup.grantsOf('proc', fn.id),
  };
}

function namespaceModel(introspection: Introspection, name: string, lookup: TextLookup): NamespaceModel {
  const namespace = introspection.getNamespace({ name });
  return { name, ...untaggedComment(namespace?.getDescription()), grants: namespace ? lookup.grantsOf('namespace', namespace._id) : [] };
}

const defaultPrivilegeObjects: Record<string, DefaultPrivilegeObjects> = {
  r: 'TABLES',
  S: 'SEQUENCES',
  f: 'FUNCTIONS',
  T: 'TYPES',
  n: 'SCHEMAS',
  L: 'LARGE OBJECTS',
};

/** No role for the schema's owner, and no grants of the role's own (its name varies between environments). */
function defaultPrivilegeModel(entry: CatalogTexts['defaultPrivileges'][number], schemaOwner: string): DefaultPrivilegeModel {
  const objects = defaultPrivilegeObjects[entry.objects];
  if (!objects) throw new Error(`pg_default_acl holds an object type cfdb does not know: ${entry.objects}`);
  return {
    ...(entry.roleId !== schemaOwner ? { role: entry.role } : {}),
    ...(entry.schema !== null ? { schema: entry.schema } : {}),
    objects,
    grants: entry.grants
      .filter((g) => g.granteeId !== entry.roleId)
      .map((g) => ({ grantee: g.grantee, privilege: g.privilege, grantable: g.grantable }))
      .sort(byGrant),
  };
}

/** comment, rawComment and tags of an object, in the order the model lists them. */
function comment(raw: string | null | undefined): { comment: string; rawComment: string; tags: SmartTags } {
  const split = splitComment(raw);
  return { comment: split.comment, rawComment: split.rawComment, tags: split.tags };
}

/** For objects the model keeps no tags for (triggers, policies, functions, schemas); rawComment still has them. */
function untaggedComment(raw: string | null | undefined): { comment: string; rawComment: string } {
  const split = splitComment(raw);
  return { comment: split.comment, rawComment: split.rawComment };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function byFunction(a: FunctionModel, b: FunctionModel): number {
  return compareNames(a.name, b.name) || compareNames(a.arguments ?? '', b.arguments ?? '');
}

function byDefaultPrivilege(a: DefaultPrivilegeModel, b: DefaultPrivilegeModel): number {
  return compareNames(a.role ?? '', b.role ?? '') || compareNames(a.schema ?? '', b.schema ?? '') || compareNames(a.objects, b.objects);
}

function byGrant(a: GrantModel, b: GrantModel): number {
  return compareNames(a.grantee, b.grantee) || compareNames(a.privilege, b.privilege);
}
