import { parseCheck } from '../model/check-expressions.ts';
import type { CheckConstraintModel, ColumnModel, SchemaModel, TableModel } from '../model/schema-model.ts';
import type { Artifact } from './artifact.ts';
import { assertUniqueNames, brandOf, planTable, type TableNames } from './db-type-names.ts';
import { pgRuntimeShape, type JsScalar } from './pg-runtime-types.ts';
import { generatedFileHeader, jsDoc } from './ts-doc.ts';
import { compareNames } from '../lib/compare.ts';
import { propertyKey } from './ts-names.ts';
import { CheckCompiler, checkValueType, numericTypmod } from './zod-checks.ts';
import * as zodRuntime from '../api/zod-runtime.ts';

/**
 * SchemaModel → src/generated/zod.ts: per table a row, an insert and an
 * update schema, named after db.ts's types (`User` → `UserSchema`,
 * `UserInsertSchema`, `UserUpdateSchema`) and yielding exactly those types,
 * brands and value-set unions included (both imported from db.ts). Every
 * CHECK is translated from its parsed expression (check-expressions.ts): a
 * single-column one refines its column, the others refine the object. One
 * that cannot be translated is listed in a comment at the top of the file and
 * in its `untranslatedChecks`. Pure: the same model always gives the same bytes.
 */

export const zodPath = 'src/generated/zod.ts';

type Side = 'row' | 'input';

/** A check the validators cannot enforce, and why. */
export interface UntranslatedCheck {
  table: string;
  constraint: string;
  definition: string;
  reason: string;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const memberOf = (object: string, name: string): string => (identifier.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`);

/** A scalar db.ts has no dedicated schema for: its type, unchecked. */
const customScalar = (scalar: JsScalar): string => `z.custom<${scalar}>()`;

function scalarSchema(column: Pick<ColumnModel, 'typeName' | 'type'>, scalar: JsScalar, side: Side): string {
  const { precision, scale } = numericTypmod(column);
  switch (column.typeName) {
    case 'bool':
      return 'z.boolean()';
    case 'int2':
      return 'integer(-32768, 32767)';
    case 'int4':
      return 'integer(-2147483648, 2147483647)';
    case 'oid':
      return 'integer(0, 4294967295)';
    case 'float4':
    case 'float8':
      return 'z.number()';
    case 'int8':
      return side === 'row' ? 'int8(z.string())' : 'int8(decimalInput)';
    case 'numeric': {
      const args = precision === undefined ? '' : `, ${precision}, ${scale ?? 0}`;
      return `numeric(${side === 'row' ? 'z.string()' : 'decimalInput'}${args})`;
    }
    case 'uuid':
      return 'uuid';
    case 'inet':
    case 'cidr':
      return 'inet';
    case 'timestamptz':
    case 'timestamp':
    case 'date':
      return side === 'row' ? 'z.date()' : 'timeInput';
    case 'json':
    case 'jsonb':
      return side === 'row' ? 'z.json()' : 'jsonInput';
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'citext':
    case 'name':
      return 'text';
    default:
      // pg's text fallback, or a type pg parses into an object (db.ts says which).
      return scalar === 'string' ? 'z.string()' : customScalar(scalar);
  }
}

/** The schema of a column's value, before nullability and checks. */
function baseSchema(plan: TableNames, column: ColumnModel, plans: ReadonlyMap<string, TableNames>, side: Side): string {
  const shape = pgRuntimeShape(column);
  const valueSet = plan.valueSets.get(column.name);
  const elementType = column.isArray ? { typeName: column.elementTypeName ?? '', type: column.type } : column;
  const element = valueSet ? `z.enum(${valueSet.values})` : scalarSchema(elementType, shape.scalar, side);
  // pg parses an array it knows into a JS array; an unknown one arrives as its text.
  const value = column.isArray ? (shape.array ? `z.array(${element})` : 'z.string()') : element;
  const brand = brandOf(plan, column, plans);
  return brand ? `${value}.transform((value) => value as ${brand})` : value;
}

interface TableChecks {
  /** The table's `…Checks` object, declared once and used by its three schemas; "" when it has no translatable check. */
  declaration: string;
  /** Refinements per column, as `.refine(…)` source. */
  byColumn: Map<string, string[]>;
  /** Checks of several columns, as members of the checks object, judged in objectRefinement. */
  multi: { check: CheckConstraintModel; member: string }[];
  untranslated: UntranslatedCheck[];
}

const checkMessage = (check: CheckConstraintModel): string => JSON.stringify(`violates ${check.name}: ${check.definition}`);

/** `userChecks` for `User`. */
const checksObjectName = (plan: TableNames): string => `${plan.row.charAt(0).toLowerCase()}${plan.row.slice(1)}Checks`;

function tableChecks(plan: TableNames): TableChecks {
  const { table } = plan;
  const columns = new Map(table.columns.map((column) => [column.name, column]));
  const objectName = checksObjectName(plan);
  const result: TableChecks = { declaration: '', byColumn: new Map(), multi: [], untranslated: [] };
  const members: string[] = [];
  for (const check of table.checks) {
    const expression = parseCheck(check.definition);
    const single = check.columns.length === 1 ? check.columns[0] : undefined;
    const access = single === undefined ? (name: string) => `(${memberOf('row', name)} ?? null)` : () => 'value';
    const compiled = expression && new CheckCompiler(columns, access).compile(expression);
    if (!compiled || 'untranslatable' in compiled) {
      result.untranslated.push({
        table: table.name,
        constraint: check.name,
        definition: check.definition,
        reason: compiled?.untranslatable ?? 'not a CHECK expression',
      });
      continue;
    }
    const typeOf = (name: string): string => {
      const column = columns.get(name);
      return `${column ? checkValueType(column) : 'unknown'} | null`;
    };
    const parameter =
      single === undefined ? `row: { ${check.columns.map((name) => `${propertyKey(name)}?: ${typeOf(name)}`).join('; ')} }` : `value: ${typeOf(single)}`;
    members.push(`  ${propertyKey(check.name)}: {\n    message: ${checkMessage(check)},\n    test: (${parameter}): boolean => passes(${compiled.code}),\n  },\n`);
    const member = memberOf(objectName, check.name);
    if (single === undefined) {
      result.multi.push({ check, member });
      continue;
    }
    const refinements = result.byColumn.get(single) ?? [];
    refinements.push(`\n    .refine(${member}.test, ${member}.message)`);
    result.byColumn.set(single, refinements);
  }
  if (members.length > 0) {
    const doc = jsDoc([`The CHECK constraints of ${table.name}, each once: its message and its condition (three-valued: only false fails).`]);
    result.declaration = `${doc}const ${objectName} = {\n${members.join('')}};\n`;
  }
  return result;
}

/** Which schema: what it holds and when a check of several columns can be judged. */
interface SchemaKind {
  name: string;
  side: Side;
  /** strictObject for what is written: PostgreSQL rejects a column that does not exist. */
  object: 'z.object' | 'z.strictObject';
  columns: ColumnModel[];
  optional(column: ColumnModel): boolean;
  /** A column whose absence leaves its value unknown here (a default, or an update that keeps it). */
  unknownWhenAbsent(column: ColumnModel): boolean;
}

function schemaKinds(plan: TableNames): SchemaKind[] {
  const { columns } = plan.table;
  const hasDefault = (column: ColumnModel): boolean => column.default !== undefined || column.identity !== undefined;
  return [
    { name: `${plan.row}Schema`, side: 'row', object: 'z.object', columns, optional: () => false, unknownWhenAbsent: () => false },
    {
      name: `${plan.insert}Schema`,
      side: 'input',
      object: 'z.strictObject',
      columns: plan.insertColumns,
      optional: (column) => column.nullable || hasDefault(column),
      unknownWhenAbsent: hasDefault,
    },
    {
      name: `${plan.update}Schema`,
      side: 'input',
      object: 'z.strictObject',
      columns: plan.updateColumns,
      optional: () => true,
      unknownWhenAbsent: () => true,
    },
  ];
}

/**
 * `.superRefine(…)` for the checks of several columns. A column absent from
 * the value is NULL when it has no default (an insert), unknown otherwise: a
 * check with an unknown column is left to the database (an update is judged
 * only when every column of the check is present).
 */
function objectRefinement(kind: SchemaKind, checks: TableChecks['multi']): string {
  const present = new Map(kind.columns.map((column) => [column.name, column]));
  const statements = checks.flatMap(({ check, member }) => {
    // A column this schema cannot hold (generated, identity, read-only) is never known here.
    if (check.columns.some((name) => !present.has(name))) return [];
    const guards = check.columns
      .filter((name) => {
        const column = present.get(name);
        return column !== undefined && kind.unknownWhenAbsent(column);
      })
      .map((name) => `${memberOf('row', name)} !== undefined`);
    const condition = [...guards, `!${member}.test(row)`].join(' && ');
    const path = JSON.stringify(check.columns);
    return [`  if (${condition}) {\n    context.addIssue({ code: 'custom', message: ${member}.message, path: ${path} });\n  }\n`];
  });
  return statements.length === 0 ? '' : `.superRefine((row, context) => {\n${statements.join('')}})`;
}

function renderSchema(plan: TableNames, kind: SchemaKind, checks: TableChecks, plans: ReadonlyMap<string, TableNames>, doc: string): string {
  const properties = kind.columns.map((column) => {
    const schema = [
      baseSchema(plan, column, plans, kind.side),
      column.nullable ? '.nullable()' : '',
      ...(checks.byColumn.get(column.name) ?? []),
      kind.optional(column) ? '.optional()' : '',
    ].join('');
    return `  ${propertyKey(column.name)}: ${schema},\n`;
  });
  const refinement = objectRefinement(kind, checks.multi);
  return `${jsDoc([doc])}export const ${kind.name} = ${kind.object}({\n${properties.join('')}})${refinement};\n`;
}

function renderTable(schema: string, plan: TableNames, plans: ReadonlyMap<string, TableNames>, checks: TableChecks): string {
  const qualified = `${schema}.${plan.table.name}`;
  const [row, insert, update] = schemaKinds(plan);
  const docs = [
    `A row of ${qualified} as node-postgres returns it; parses to db.ts's ${plan.row}.`,
    `A new row for ${qualified}; parses to db.ts's ${plan.insert}. Columns with a default, identity or NULL may be left out, and read-only ones (generated, @behavior -insert) are refused; checks of several columns are judged when each of their columns is given or has no default.`,
    `A change to a row of ${qualified}; parses to db.ts's ${plan.update}. Every column optional, read-only ones (generated, identity, @behavior -update) refused; a check of several columns is judged only when all of them are present, as the others keep values this schema does not see.`,
  ];
  const parts = [row, insert, update].map((kind, i) => (kind ? renderSchema(plan, kind, checks, plans, docs[i] ?? '') : ''));
  return `// ${plan.table.name}\n\n${[checks.declaration, ...parts].filter((part) => part !== '').join('\n')}`;
}

function untranslatedSection(untranslated: readonly UntranslatedCheck[]): string {
  const lines =
    untranslated.length === 0
      ? ['Every CHECK constraint is translated.']
      : [
          'CHECK constraints these validators do not enforce (the database still does):',
          ...untranslated.map((check) => `- ${check.table}.${check.constraint}: ${check.definition} (${check.reason})`),
        ];
  const list = JSON.stringify(untranslated.map(({ table, constraint }) => `${table}.${constraint}`));
  return `${jsDoc(lines)}export const untranslatedChecks: readonly string[] = ${list};\n`;
}

function imports(plans: readonly TableNames[], plansByName: ReadonlyMap<string, TableNames>): string {
  const values = plans.flatMap((plan) => [...plan.valueSets.values()].map((names) => names.values));
  const brands = new Set(plans.flatMap((plan) => plan.table.columns.map((column) => brandOf(plan, column, plansByName)).filter((brand) => brand !== undefined)));
  const scalars = new Set(
    plans.flatMap((plan) => plan.table.columns.map((column) => pgRuntimeShape(column).scalar)).filter((scalar) => ['PgInterval', 'PgPoint', 'PgCircle'].includes(scalar)),
  );
  const names = [...values.sort(), ...[...brands, ...scalars].sort().map((name) => `type ${name}`)];
  return `import { z } from 'zod';\nimport {\n${names.map((name) => `  ${name},\n`).join('')}} from './db.ts';\n`;
}

function renderSchemasMap(plans: readonly TableNames[]): string {
  const entries = plans.map(
    (plan) => `  ${propertyKey(plan.table.name)}: { row: ${plan.row}Schema, insert: ${plan.insert}Schema, update: ${plan.update}Schema },\n`,
  );
  return `${jsDoc(['Every table by name with its row, insert and update schemas, keyed like db.ts’s Tables.'])}export const schemas = {\n${entries.join('')}} as const;\n`;
}


/** The runtime's types the generated checks name; its values are read from the module itself. */
const RUNTIME_TYPES = ['Decimal', 'Operator', 'Truth'];

/** The import of what body uses of src/api/zod-runtime.ts, which ships beside zod.ts (dist/api/, from dist/generated/). */
function runtimeImport(body: string): string {
  const uses = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(body);
  const names = [...Object.keys(zodRuntime).filter(uses), ...RUNTIME_TYPES.filter(uses).map((name) => `type ${name}`)];
  names.sort((a, b) => compareNames(a.replace(/^type /, ''), b.replace(/^type /, '')));
  return `import {\n${names.map((name) => `  ${name},\n`).join('')}} from '../api/zod-runtime.ts';\n`;
}

/** The source text of zod.ts for the model. */
export function renderZod(model: SchemaModel): string {
  const plans = model.tables.map(planTable);
  assertUniqueNames(plans);
  const byName = new Map(plans.map((plan) => [plan.table.name, plan]));
  const checks = new Map(plans.map((plan) => [plan, tableChecks(plan)]));
  const body = [...[...checks].map(([plan, table]) => renderTable(model.schema, plan, byName, table)), renderSchemasMap(plans)].join('\n');
  return [
    generatedFileHeader(
      `zod validators for the ${model.schema} schema: per table a row, an insert and an update schema that\nyield db.ts's types and check what the database's constraints check without a query.`,
    ),
    imports(plans, byName) + runtimeImport(body),
    untranslatedSection([...checks.values()].flatMap((table) => table.untranslated)),
    body,
  ].join('\n');
}

export function emitZod(model: SchemaModel): Artifact {
  return { path: zodPath, contents: renderZod(model) };
}
