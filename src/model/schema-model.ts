/**
 * The SchemaModel: a plain, sorted, JSON-serialisable description of one
 * PostgreSQL schema (app_public), produced once by src/introspect/ and consumed
 * by every emitter in src/emit/. Nothing here holds a live object, a path, a
 * port or a time, so two introspections of the same schema are deep-equal.
 *
 * Sorting: tables by name; columns by attnum (table order); constraints,
 * indexes and triggers by name; value-set values as declared in the CHECK.
 */

export interface SchemaModel {
  /** The introspected schema, e.g. "app_public". */
  schema: string;
  tables: TableModel[];
  /** Functions the schema's triggers call, in any schema (e.g. app_private.tg__set_updated_at). */
  functions: FunctionModel[];
}

export interface TableModel {
  name: string;
  /** The comment without smart tags; "" when absent. */
  comment: string;
  /** PostGraphile smart tags parsed off the comment (e.g. { behavior: ["-insert"] }). */
  tags: Record<string, string | true | (string | true)[]>;
  columns: ColumnModel[];
  primaryKey?: KeyConstraintModel;
  uniqueConstraints: KeyConstraintModel[];
  foreignKeys: ForeignKeyModel[];
  checks: CheckConstraintModel[];
  indexes: IndexModel[];
  triggers: TriggerModel[];
}

export interface ColumnModel {
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
  /** The generation expression of a STORED generated column. */
  generated?: string;
  comment: string;
  tags: Record<string, string | true | (string | true)[]>;
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

export interface KeyConstraintModel {
  name: string;
  columns: string[];
  comment: string;
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKeyModel {
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
  comment: string;
}

export interface CheckConstraintModel {
  name: string;
  /** Columns the check refers to (conkey), in attnum order. */
  columns: string[];
  /** pg_get_constraintdef text, e.g. "CHECK ((rating >= 1) AND (rating <= 5))". */
  definition: string;
  comment: string;
}

export interface IndexModel {
  name: string;
  /** Column names, or the expression text for expression keys. */
  columns: string[];
  unique: boolean;
  /** True for the index that backs the primary key or a unique constraint. */
  constraintBacked: boolean;
  /** pg_get_indexdef text. */
  definition: string;
  comment: string;
}

export interface TriggerModel {
  name: string;
  /** pg_get_triggerdef text. */
  definition: string;
  /** Qualified name of the function it executes, e.g. "app_private.tg__set_updated_at". */
  function: string;
  comment: string;
}

export interface FunctionModel {
  /** Qualified name, e.g. "app_private.tg__set_updated_at". */
  name: string;
  /** pg_get_functiondef text. */
  definition: string;
  comment: string;
}
