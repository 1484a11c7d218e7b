import { parseIntrospectionResults, type Introspection, type PgClass } from 'postgraphile/graphile-build-pg/pg-introspection';
import { compareNames } from '../lib/compare.ts';
import { quoteIdentWith, quoteLiteralAsServer } from '../lib/sql-names.ts';
import type { CatalogTexts, SequenceTexts } from './catalog-texts.ts';

/** One line of the fingerprint before escaping and sorting. */
export interface Fact {
  object: string;
  property: string;
  value: string;
}

/** pg_class's own oid, fixed in every PostgreSQL: pg_depend names the catalog of each object by it. */
const PG_CLASS = '1259';

/** The word that names a relation, and its kind where words are shared (a partitioned table is a table). */
const relationKinds: Record<string, { word: string; kind: string }> = {
  r: { word: 'table', kind: 'table' },
  p: { word: 'table', kind: 'partitioned table' },
  v: { word: 'view', kind: 'view' },
  m: { word: 'materialized view', kind: 'materialized view' },
  f: { word: 'foreign table', kind: 'foreign table' },
  c: { word: 'type', kind: 'composite type' },
  S: { word: 'sequence', kind: 'sequence' },
};
const procKinds: Record<string, string> = { p: 'procedure', a: 'aggregate', w: 'window function' };
const typeKinds: Record<string, string> = { e: 'enum', d: 'domain', r: 'range' };
const policyCommands: Record<string, string> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };
const defaultObjects: Record<string, string> = { r: 'tables', S: 'sequences', f: 'functions', T: 'types', n: 'schemas' };

/**
 * The fingerprint's facts for the listed schemas, from the two texts of
 * readCatalog: pg-introspection's entities for names, kinds, flags and
 * comments, the catalog texts for what only the server renders. Objects are
 * named, never numbered (no oids, no attnums: a column's position counts live
 * columns only); names are quoted as quote_ident would.
 *
 * Left out on purpose: owners (they vary between environments), the owner's
 * implied privileges, identity sequence names (they follow the table's name
 * at creation and do not follow a rename), PostgreSQL 18's NOT NULL
 * constraints (the columns' nullability says the same, and their names do not
 * follow a rename either), and extension members (they belong to the extension).
 * Default privileges (pg_default_acl) are in: they decide what the next
 * migration's objects grant.
 */
export function fingerprintFacts(introspectionText: string, catalogTexts: string, schemas: readonly string[]): Fact[] {
  return new FactWriter(parseIntrospectionResults(introspectionText, false), JSON.parse(catalogTexts) as CatalogTexts, schemas).facts;
}

class FactWriter {
  readonly facts: Fact[] = [];
  private readonly ident: (name: string) => string;
  private readonly grants = new Map<string, CatalogTexts['grants']>();
  private readonly indexes: Map<string, string>;
  private readonly triggers = new Map<string, CatalogTexts['triggers']>();
  private readonly rules = new Map<string, CatalogTexts['rules']>();
  private readonly policies = new Map<string, CatalogTexts['policies']>();
  private readonly classes: Map<string, PgClass>;

  constructor(
    private readonly introspection: Introspection,
    texts: CatalogTexts,
    schemas: readonly string[],
  ) {
    this.ident = quoteIdentWith(texts.quotedKeywords);
    for (const g of texts.grants) push(this.grants, `${g.kind}:${g.id}:${g.attnum}`, g);
    for (const t of texts.triggers) push(this.triggers, t.relid, t);
    for (const r of texts.rules) push(this.rules, r.relid, r);
    for (const p of texts.policies) push(this.policies, p.relid, p);
    this.indexes = new Map(texts.indexes.map((i) => [i.id, i.definition]));
    this.classes = new Map(introspection.classes.map((c) => [c._id, c]));
    const namespaces = introspection.namespaces.filter((n) => schemas.includes(n.nspname));
    for (const n of namespaces) {
      const object = `schema ${this.ident(n.nspname)}`;
      this.add(object, 'kind', 'schema');
      this.add(object, 'comment', n.getDescription());
      this.addGrants(object, 'namespace', n._id);
    }
    for (const e of introspection.extensions) {
      const schema = namespaces.find((n) => n._id === e.extnamespace);
      if (schema) this.add(`extension ${this.ident(e.extname)}`, 'schema', schema.nspname);
    }
    const columns = new Map(texts.columns.map((c) => [`${c.relid}:${c.attnum}`, c]));
    const constraints = new Map(texts.constraints.map((c) => [c.id, c.definition]));
    for (const relation of texts.relations) this.relation(relation, columns, constraints);
    for (const fn of texts.functions.filter((f) => f.inFingerprint)) this.function(fn);
    for (const type of texts.types) this.type(type, constraints);
    const owners = new Set(namespaces.map((n) => n.nspowner));
    for (const entry of texts.defaultPrivileges.filter((d) => d.schema === null || schemas.includes(d.schema))) this.defaultPrivileges(entry, owners);
  }

  private add(object: string, property: string, value: string | null | undefined): void {
    if (value !== null && value !== undefined) this.facts.push({ object, property, value });
  }

  private addGrants(object: string, kind: string, id: string, attnum = 0): void {
    const grants = this.grants.get(`${kind}:${id}:${attnum}`) ?? [];
    this.addGrantLines(object, grants.map((g) => ({ ...g, grantee: g.grantee === 'PUBLIC' ? 'PUBLIC' : this.ident(g.grantee) })));
  }

  /** One line per grantee (as printed): its privileges, distinct, sorted, joined. */
  private addGrantLines(object: string, grants: readonly { grantee: string; privilege: string; grantable: boolean }[]): void {
    const byGrantee = new Map<string, Set<string>>();
    for (const g of grants) {
      const privileges = byGrantee.get(g.grantee) ?? new Set<string>();
      privileges.add(`${g.privilege}${g.grantable ? ' WITH GRANT OPTION' : ''}`);
      byGrantee.set(g.grantee, privileges);
    }
    for (const [grantee, privileges] of byGrantee) this.add(object, `grant ${grantee}`, [...privileges].sort(compareNames).join(', '));
  }

  private qualified(relation: PgClass): string {
    return `${this.ident(relation.getNamespace()?.nspname ?? '')}.${this.ident(relation.relname)}`;
  }

  private classOf(id: string): PgClass {
    const found = this.classes.get(id);
    if (!found) throw new Error(`catalog texts name relation ${id}, which pg-introspection did not read`);
    return found;
  }

  private relation(texts: CatalogTexts['relations'][number], columns: Map<string, CatalogTexts['columns'][number]>, constraints: Map<string, string>): void {
    const relation = this.classOf(texts.id);
    const kind = relationKinds[relation.relkind];
    if (!kind) throw new Error(`catalog texts name relation ${relation.relname} of an unknown kind ${relation.relkind}`);
    const object = `${kind.word} ${this.qualified(relation)}`;
    this.add(object, 'kind', kind.kind);
    this.add(object, 'comment', relation.getDescription());
    if (relation.relrowsecurity) this.add(object, 'row level security', relation.relforcerowsecurity ? 'enabled, forced' : 'enabled');
    if (relation.relpersistence === 'u') this.add(object, 'unlogged', 'true');
    if (relation.reloptions) this.add(object, 'options', relation.reloptions.join(', '));
    this.add(object, 'partition key', texts.partitionKey);
    const parents = relation
      .getInherited()
      .sort((a, b) => (a.inhseqno ?? 0) - (b.inhseqno ?? 0))
      .map((i) => this.qualified(this.classOf(i.inhparent)));
    if (relation.relispartition) for (const parent of parents) this.add(object, 'partition of', `${parent} ${texts.partitionBound ?? ''}`);
    else if (parents.length > 0) this.add(object, 'inherits', parents.join(', '));
    this.add(object, 'definition', texts.viewDefinition);
    if (texts.sequence) this.add(object, 'sequence', sequence(texts.sequence));
    if (relation.relkind === 'S') this.ownedBy(object, relation);
    if (relation.relkind !== 'c') this.addGrants(object, 'class', relation._id);
    if (relation.relkind !== 'S') this.columns(object, relation, columns);
    for (const c of relation.getConstraints().filter((k) => k.contype !== 'n')) {
      const name = `${object} constraint ${this.ident(c.conname)}`;
      this.add(name, 'definition', constraints.get(c._id));
      this.add(name, 'comment', c.getDescription());
    }
    for (const index of relation.getIndexes()) {
      const name = `${object} index ${this.ident(index.getIndexClass()?.relname ?? '')}`;
      this.add(name, 'definition', this.indexes.get(index.indexrelid));
      this.add(name, 'comment', index.getDescription());
    }
    for (const t of this.triggers.get(relation._id) ?? []) {
      const name = `${object} trigger ${this.ident(t.name)}`;
      this.add(name, 'definition', t.definition);
      if (t.enabled !== 'O') this.add(name, 'enabled', t.enabled);
      this.add(name, 'comment', t.comment);
    }
    for (const r of this.rules.get(relation._id) ?? []) this.add(`${object} rule ${this.ident(r.name)}`, 'definition', r.definition);
    for (const p of this.policies.get(relation._id) ?? []) {
      const name = `${object} policy ${this.ident(p.name)}`;
      this.add(name, 'command', `${policyCommands[p.command] ?? 'DELETE'}${p.permissive ? '' : ' (restrictive)'}`);
      const roles = (p.roles ?? []).map((r) => (r === 'PUBLIC' ? r : this.ident(r))).sort(compareNames);
      if (roles.length > 0) this.add(name, 'roles', roles.join(', '));
      this.add(name, 'using', p.using);
      this.add(name, 'with check', p.withCheck);
      this.add(name, 'comment', p.comment);
    }
  }

  /** The column a sequence is OWNED BY. */
  private ownedBy(object: string, sequence: PgClass): void {
    for (const d of this.introspection.depends) {
      if (d.classid !== PG_CLASS || d.objid !== sequence._id || d.deptype !== 'a' || d.refclassid !== PG_CLASS || !d.refobjsubid) continue;
      const table = this.classOf(d.refobjid);
      const column = table.getAttributes().find((a) => a.attnum === d.refobjsubid);
      if (column) this.add(object, 'owned by', `${this.qualified(table)}.${this.ident(column.attname)}`);
    }
  }

  private columns(object: string, relation: PgClass, columns: Map<string, CatalogTexts['columns'][number]>): void {
    const live = relation
      .getAttributes()
      .filter((a) => a.attnum > 0 && !a.attisdropped)
      .sort((a, b) => a.attnum - b.attnum);
    live.forEach((a, i) => {
      const name = `${object} column ${this.ident(a.attname)}`;
      const texts = columns.get(`${a.attrelid}:${a.attnum}`);
      this.add(name, 'position', String(i + 1));
      this.add(name, 'type', texts?.type);
      this.add(name, 'not null', String(a.attnotnull === true));
      const generated = a.attgenerated ? `generated ${a.attgenerated === 's' ? 'stored' : 'virtual'}` : 'default';
      this.add(name, generated, texts?.default);
      if (a.attidentity) this.add(name, 'identity', a.attidentity === 'a' ? 'always' : 'by default');
      if (texts?.identitySequence) this.add(name, 'identity sequence', sequence(texts.identitySequence));
      if (texts?.collation) this.add(name, 'collation', `${this.ident(texts.collation.schema)}.${this.ident(texts.collation.name)}`);
      this.add(name, 'comment', a.getDescription());
      this.addGrants(name, 'class', a.attrelid, a.attnum);
    });
  }

  private function(fn: CatalogTexts['functions'][number]): void {
    const object = `function ${this.ident(fn.schema)}.${this.ident(fn.name)}(${fn.arguments})`;
    this.add(object, 'kind', procKinds[fn.kind] ?? 'function');
    this.add(object, 'definition', fn.definition);
    this.add(object, 'comment', fn.comment);
    this.addGrants(object, 'proc', fn.id);
  }

  private type(texts: CatalogTexts['types'][number], constraints: Map<string, string>): void {
    const type = this.introspection.types.find((t) => t._id === texts.id);
    if (!type) throw new Error(`catalog texts name type ${texts.id}, which pg-introspection did not read`);
    const object = `type ${this.ident(type.getNamespace()?.nspname ?? '')}.${this.ident(type.typname)}`;
    this.add(object, 'kind', typeKinds[type.typtype ?? ''] ?? 'range');
    if (type.typtype === 'e') {
      const labels = type.getEnumValues() ?? [];
      if (labels.length > 0) this.add(object, 'labels', [...labels].sort((a, b) => a.enumsortorder - b.enumsortorder).map((e) => quoteLiteralAsServer(e.enumlabel)).join(', '));
    }
    this.add(object, 'base type', texts.baseType);
    if (type.typtype === 'd') {
      if (type.typnotnull) this.add(object, 'not null', 'true');
      this.add(object, 'default', type.typdefault);
    }
    this.add(object, 'subtype', texts.subtype);
    this.add(object, 'comment', type.getDescription());
    this.addGrants(object, 'type', type._id);
    for (const c of this.introspection.constraints.filter((k) => k.contypid === type._id && k.contype !== 'n')) {
      const name = `${object} constraint ${this.ident(c.conname)}`;
      this.add(name, 'definition', constraints.get(c._id));
      this.add(name, 'comment', c.getDescription());
    }
  }

  /** The entry, then one line per grantee, its own role included; the role owning a listed schema reads "owner". */
  private defaultPrivileges(entry: CatalogTexts['defaultPrivileges'][number], owners: Set<string>): void {
    const role = owners.has(entry.roleId) ? 'owner' : this.ident(entry.role);
    const schema = entry.schema !== null ? ` in schema ${this.ident(entry.schema)}` : '';
    const object = `default privileges for ${role}${schema} on ${defaultObjects[entry.objects] ?? 'large objects'}`;
    this.add(object, 'kind', 'default privileges');
    const grantee = (g: { granteeId: string; grantee: string }): string => (g.granteeId === '0' ? 'PUBLIC' : g.granteeId === entry.roleId ? 'owner' : this.ident(g.grantee));
    this.addGrantLines(object, entry.grants.map((g) => ({ ...g, grantee: grantee(g) })));
  }
}

function sequence(s: SequenceTexts): string {
  return `${s.type} start ${s.start} increment ${s.increment} min ${s.min} max ${s.max} cache ${s.cache}${s.cycle ? ' cycle' : ''}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
