/**
 * The SchemaModel: a plain, sorted, JSON-serialisable description of one
 * PostgreSQL schema (app_public), produced once by src/introspect/ and consumed
 * by every emitter in src/emit/. Nothing here holds a live object, a path, a
 * port or a time, so two introspections of the same schema are deep-equal.
 *
 * Sorting: tables by name; columns by attnum (table order); constraints,
 * indexes, triggers, policies and functions by name; grants by grantee then
 * privilege; smart-tag keys by name; value-set values as declared in the CHECK.
 * Names compare by UTF-16 code units (never by locale), so every machine agrees.
 *
 * Comments: `comment` is the text without smart tags (trimmed) and `tags` the
 * parsed tags; `rawComment` is the comment exactly as stored, which the DDL
 * emitter needs to recreate it byte for byte ("" when there is no comment).
 *
 * The model is total: introspection sets every field that is not optional by
 * meaning (a primary key, a default, a value set), so emitters carry no
 * fallbacks. Tests build models with test/helpers/model-builder.ts, whose
 * defaults are what introspection gives an object without them.
 */

export interface SchemaModel {
  /** The introspected schema, e.g. "app_public". */
  schema: string;
  tables: TableModel[];
  /**
   * Every function of the schema, plus the functions its tables use from other
   * schemas (triggers, defaults, checks, policies; e.g. app_private.tg__set_updated_at)
   * and every other function of those schemas, so the DDL rebuilds them whole.
   * Sorted by name, then arguments. Aggregates and extension members are left out.
   */
  functions: FunctionModel[];
  /** The schemas the DDL must create: this one and those of its functions, by name. */
  schemas: NamespaceModel[];
  /**
   * ALTER DEFAULT PRIVILEGES entries (pg_default_acl) for every schema and for
   * the schemas of the model; sorted by role, schema, then objects.
   */
  defaultPrivileges: DefaultPrivilegeModel[];
  /**
   * The words the server's quote_ident double-quotes although they are spelled
   * like plain identifiers: its keywords that are not unreserved
   * (pg_get_keywords() where catcode <> 'U'), sorted. Read from the server,
   * since the list moves between versions (`json` is one from PostgreSQL 16 on).
   */
  quotedKeywords: string[];
}

/**
 * What new objects of one kind grant when they are created: one
 * pg_default_acl entry. An entry for every schema replaces PostgreSQL's
 * built-in default for that kind (PUBLIC may EXECUTE functions and USE
 * types); an entry for one schema adds to it.
 */
export interface DefaultPrivilegeModel {
  /** The creating role the entry applies to; absent for the owner of the schema (the role that runs the migrations). */
  role?: string;
  /** Absent for the entry that applies in every schema. */
  schema?: string;
  objects: DefaultPrivilegeObjects;
  /** The privileges new objects give roles other than their owner, sorted like every grant list. */
  grants: GrantModel[];
}

export type DefaultPrivilegeObjects = 'TABLES' | 'SEQUENCES' | 'FUNCTIONS' | 'TYPES' | 'SCHEMAS' | 'LARGE OBJECTS';

export interface NamespaceModel extends Commented {
  name: string;
  grants: GrantModel[];
}

/**
 * One privilege held by a role other than the object's owner (whose implicit
 * privileges are not listed). grantee is a role name or "PUBLIC"; privilege
 * is the SQL keyword, e.g. "SELECT", "UPDATE", "EXECUTE", "USAGE".
 */
export interface GrantModel {
  grantee: string;
  privilege: string;
  grantable: boolean;
}

/** A table; its tags are PostGraphile's smart tags parsed off its comment (e.g. { behavior: ["-insert"] }). */
export interface TableModel extends Tagged {
  name: string;
  columns: ColumnModel[];
  primaryKey?: KeyConstraintModel;
  uniqueConstraints: KeyConstraintModel[];
  foreignKeys: ForeignKeyModel[];
  checks: CheckConstraintModel[];
  indexes: IndexModel[];
  triggers: TriggerModel[];
  /** ALTER TABLE … ENABLE / FORCE ROW LEVEL SECURITY. */
  rowLevelSecurity: { enabled: boolean; forced: boolean };
  policies: PolicyModel[];
  /** Table-level privileges; column-level ones are on the columns. */
  grants: GrantModel[];
}

/** Every commented object: the comment without smart tags, and as stored; both "" when absent. */
export interface Commented {
  comment: string;
  rawComment: string;
}

/** A commented object whose smart tags the model keeps (PostGraphile reads e.g. @foreignFieldName off foreign keys). */
export interface Tagged extends Commented {
  tags: SmartTags;
}

/** A smart tag's value: the text after `@tag `, true for a bare `@tag`, a list when the tag repeats. */
export type SmartTags = Record<string, string | true | (string | true)[]>;

export interface ColumnModel extends Tagged {
  name: string;
  /** 1-based position among the live (not dropped) columns. */
  position: number;
  /** format_type() text, e.g. "text", "numeric(10,2)", "timestamp with time zone", "uuid". */
  type: string;
  /** The base type name without modifiers (pg_type.typname), e.g. "numeric", "timestamptz", "int8", "_text". */
  typeName: string;
  /** True for array types (typeName then starts with "_"; elementTypeName is set). */
  isArray: boolean;
  elementTypeName?: string;
  nullable: boolean;
  /** pg_get_expr of the default, e.g. "gen_random_uuid()", "now()", "'Free'::text"; undefined when none. */
  default?: string;
  /** 'always' | 'by default' for identity columns. */
  identity?: 'always' | 'by default';
  /** The generation expression of a generated column (pg_get_expr text). */
  generated?: string;
  /** How a generated column is kept: 'stored' (PostgreSQL 12+) or 'virtual' (18+). Set with `generated`. */
  generatedKind?: 'stored' | 'virtual';
  /** Column-level privileges, e.g. GRANT UPDATE (name) ON … */
  grants: GrantModel[];
  /** The closed set of allowed values, when a CHECK constraint limits this column to a list. */
  valueSet?: ValueSetModel;
  /** char_length limit from a `char_length(col) <= n` CHECK, when present. */
  maxLength?: number;
}

export interface ValueSetModel {
  /** The constraint that defines the set, e.g. "users_subscription_tier_check". */
  constraint: string;
  values: string[];
}

export interface KeyConstraintModel extends Tagged {
  name: string;
  /** Key columns in key order (conkey order, not attnum order). */
  columns: string[];
  /** pg_get_constraintdef text, e.g. "UNIQUE (email)" or "PRIMARY KEY (id)". */
  definition: string;
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKeyModel extends Tagged {
  name: string;
  columns: string[];
  /** Referenced table, in the same schema. */
  foreignTable: string;
  foreignColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  deferrable: boolean;
  /** pg_get_constraintdef text. */
  definition: string;
}

export interface CheckConstraintModel extends Tagged {
  name: string;
  /** Columns the check refers to (conkey), in attnum order. */
  columns: string[];
  /** pg_get_constraintdef text, e.g. "CHECK ((rating >= 1) AND (rating <= 5))". */
  definition: string;
}

export interface IndexModel extends Tagged {
  name: string;
  /** Column names, or the expression text for expression keys. */
  columns: string[];
  unique: boolean;
  /** True for the index that backs the primary key or a unique constraint. */
  constraintBacked: boolean;
  /** pg_get_indexdef text. */
  definition: string;
}

export interface TriggerModel extends Commented {
  name: string;
  /** pg_get_triggerdef text. */
  definition: string;
  /** Qualified name of the function it executes, e.g. "app_private.tg__set_updated_at". */
  function: string;
}

export interface PolicyModel extends Commented {
  name: string;
  command: 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
  /** false for AS RESTRICTIVE. */
  permissive: boolean;
  /** Role names, sorted; ["PUBLIC"] when the policy applies to everyone. */
  roles: string[];
  /** pg_get_expr text of USING (…), when present. */
  using?: string;
  /** pg_get_expr text of WITH CHECK (…), when present. */
  withCheck?: string;
}

export interface FunctionModel extends Commented {
  /** Qualified name, e.g. "app_private.tg__set_updated_at". */
  name: string;
  /** pg_get_function_identity_arguments text ("" for none); tells overloads apart. */
  arguments: string;
  /** pg_get_functiondef text. */
  definition: string;
  /** Privileges other than the owner's; PUBLIC EXECUTE is listed when granted (PostgreSQL's default). */
  grants: GrantModel[];
}
