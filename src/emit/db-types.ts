import type { ColumnModel, SchemaModel, TableModel } from '../model/schema-model.ts';
import type { Artifact } from './artifact.ts';
import { arrayOf, pgRuntimeShape, type JsScalar, type PgRuntimeShape } from './pg-runtime-types.ts';
import { assertUniqueNames, brandOf, planTable, type TableNames, type ValueSetNames } from './db-type-names.ts';
import { propertyKey, singleQuoted } from './ts-names.ts';
import { generatedFileHeader, jsDoc } from './ts-doc.ts';

/**
 * SchemaModel → src/generated/db.ts: row, insert and update types for
 * node-postgres users, branded id types, and a union plus a runtime array per
 * CHECK value set. Pure: the same model always gives the same bytes.
 */

export const dbTypesPath = 'src/generated/db.ts';

function selectType(shape: PgRuntimeShape): string {
  // Each JsScalar is spelled as the TypeScript type db.ts uses for it.
  return shape.array ? arrayOf(shape.scalar) : shape.scalar;
}

function orNull(type: string, nullable: boolean): string {
  return nullable ? `${type} | null` : type;
}

/** Longer lines are wrapped one item a line, as a formatter would. */
const maxLine = 100;

/** A spelled-out union rather than typeof values[number], so compiler errors name the type. */
function valueSetDeclarations(names: ValueSetNames, literals: readonly string[], column: string, constraint: string): string {
  const unionLine = `export type ${names.type} = ${literals.join(' | ')};`;
  const union = unionLine.length <= maxLine ? unionLine : `export type ${names.type} =\n${literals.map((literal) => `  | ${literal}`).join('\n')};`;
  const tail = `] as const satisfies readonly ${names.type}[];`;
  const arrayLine = `export const ${names.values} = [${literals.join(', ')}${tail}`;
  const array = arrayLine.length <= maxLine ? arrayLine : `export const ${names.values} = [\n${literals.map((literal) => `  ${literal},\n`).join('')}${tail}`;
  return (
    `${jsDoc([`A value ${column} allows (CHECK constraint ${constraint}).`])}${union}\n` +
    `${jsDoc([`Every ${names.type}, in the order of the CHECK, for validation and pickers.`])}${array}\n`
  );
}

/** Column types as rendered for one table, so row, insert and update (and kysely.ts) agree. */
export interface ColumnTypes {
  column: ColumnModel;
  shape: PgRuntimeShape;
  select: string;
  input: string;
}

export function columnTypes(plan: TableNames, column: ColumnModel, plans: ReadonlyMap<string, TableNames>): ColumnTypes {
  const shape = pgRuntimeShape(column);
  // A brand or a value set narrows both directions: pg neither checks nor changes either.
  const narrowed = brandOf(plan, column, plans) ?? plan.valueSets.get(column.name)?.type;
  const narrowedType = narrowed && (shape.array ? arrayOf(narrowed) : narrowed);
  return {
    column,
    shape,
    select: orNull(narrowedType ?? selectType(shape), column.nullable),
    input: orNull(narrowedType ?? shape.input, column.nullable),
  };
}

export function columnSummary(column: ColumnModel, shape: PgRuntimeShape): string {
  const maxLength = column.maxLength === undefined ? '' : `, at most ${column.maxLength} characters`;
  const generated = column.generated === undefined ? '' : `Generated: \`${column.generated}\`.`;
  return [`PostgreSQL \`${column.type}\`${maxLength}.`, generated, shape.note ?? ''].filter((part) => part !== '').join(' ');
}

export function insertSummary(column: ColumnModel): string {
  if (column.identity) return `Identity column (generated ${column.identity}).`;
  if (column.default !== undefined) return `Default: \`${column.default}\`.`;
  return '';
}

export function describe(column: ColumnModel, table: TableModel): string {
  return column.comment || `${table.name}.${column.name} (no comment in the database).`;
}

function property(types: ColumnTypes, type: string, optional: boolean, summary: string, table: TableModel): string {
  const doc = jsDoc([describe(types.column, table), summary], '  ');
  return `${doc}  ${propertyKey(types.column.name)}${optional ? '?' : ''}: ${type};\n`;
}

function objectType(name: string, doc: readonly string[], properties: readonly string[]): string {
  // Type aliases, not interfaces: pg's query<R extends QueryResultRow> needs the implicit index signature only aliases get.
  return `${jsDoc(doc)}export type ${name} = {\n${properties.join('')}};\n`;
}

function renderTable(schema: string, plan: TableNames, plans: ReadonlyMap<string, TableNames>): string {
  const { table } = plan;
  const qualified = `${schema}.${table.name}`;
  const tableDoc = table.comment || `${qualified} (no comment in the database).`;
  const columns = table.columns.map((column) => columnTypes(plan, column, plans));
  const parts: string[] = [];

  for (const { column } of columns) {
    const names = plan.valueSets.get(column.name);
    if (!names || !column.valueSet) continue;
    const { constraint, values } = column.valueSet;
    parts.push(valueSetDeclarations(names, values.map(singleQuoted), `${table.name}.${column.name}`, constraint));
  }

  if (plan.id) {
    const pkColumn = columns.find(({ column }) => column.name === table.primaryKey?.columns[0]);
    const base = pkColumn ? selectType(pkColumn.shape) : 'string';
    parts.push(
      `${jsDoc([`The primary key of ${table.name}, branded so an id of another table is not accepted in its place.`])}` +
        `export type ${plan.id} = ${base} & { readonly __brand: ${singleQuoted(plan.id)} };\n`,
    );
  }

  parts.push(
    objectType(
      plan.row,
      [tableDoc, `A row of ${qualified} as node-postgres returns it.`],
      columns.map((types) => property(types, types.select, false, columnSummary(types.column, types.shape), table)),
    ),
  );

  const insertable = columns.filter(({ column }) => plan.insertColumns.includes(column));
  parts.push(
    objectType(
      plan.insert,
      [`A new row for ${qualified}: columns with a default, identity or NULL may be left out; generated and read-only columns are not part of it.`],
      insertable.map((types) => {
        const { column } = types;
        const optional = column.nullable || column.default !== undefined || column.identity !== undefined;
        const summary = [columnSummary(column, types.shape), insertSummary(column)].filter((part) => part !== '').join(' ');
        return property(types, types.input, optional, summary, table);
      }),
    ),
  );

  const updatable = columns.filter(({ column }) => plan.updateColumns.includes(column));
  parts.push(
    objectType(
      plan.update,
      [`A change to a row of ${qualified}: every column optional; generated, identity and read-only columns cannot be set.`],
      updatable.map((types) => property(types, types.input, true, columnSummary(types.column, types.shape), table)),
    ),
  );

  return `// ${table.name}\n\n${parts.join('\n')}`;
}

const jsonTypes = `${jsDoc(['A JSON value, as pg parses json and jsonb columns.'])}export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

${jsDoc([
  'A json or jsonb value pg sends correctly as a query parameter: an object (pg JSON.stringifies it), a number, a boolean, or a string that already holds JSON text.',
  'Not an array: pg sends a JS array as a PostgreSQL array literal, so JSON.stringify arrays yourself.',
])}export type JsonInput = { [key: string]: Json } | number | boolean | string;
`;

/** Types pg produces for a few geometric and interval types, emitted only when a column uses them. */
const specialTypes: ReadonlyArray<[JsScalar, string]> = [
  [
    'PgInterval',
    `${jsDoc(['An interval as pg parses it (postgres-interval): only the non-zero parts are present.'])}export type PgInterval = {
  years?: number;
  months?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
  toPostgres(): string;
  toISO(): string;
  toISOString(): string;
};
`,
  ],
  ['PgPoint', `${jsDoc(['A point as pg parses it.'])}export type PgPoint = { x: number; y: number };\n`],
  ['PgCircle', `${jsDoc(['A circle as pg parses it.'])}export type PgCircle = { x: number; y: number; radius: number };\n`],
];

function renderTablesMap(schema: string, plans: readonly TableNames[]): string {
  const entries = plans.map(
    (plan) => `  ${propertyKey(plan.table.name)}: {\n    row: ${plan.row};\n    insert: ${plan.insert};\n    update: ${plan.update};\n  };\n`,
  );
  return (
    `${jsDoc(['Every table by name with its row, insert and update types, for typed query helpers.'])}` +
    `export type Tables = {\n${entries.join('')}};\n\n` +
    `${jsDoc([`The name of a table in ${schema}.`])}export type TableName = keyof Tables;\n`
  );
}

/** The source text of db.ts for the model. */
export function renderDbTypes(model: SchemaModel): string {
  const plans = model.tables.map(planTable);
  assertUniqueNames(plans);
  const byName = new Map(plans.map((plan) => [plan.table.name, plan]));
  const used = new Set(model.tables.flatMap((table) => table.columns.map((column) => pgRuntimeShape(column).scalar)));
  const sections = [
    generatedFileHeader(
      `Row, insert and update types for the ${model.schema} schema, as node-postgres (pg) returns and\naccepts values with its default type parsers.`,
    ),
    jsonTypes,
    ...specialTypes.filter(([scalar]) => used.has(scalar)).map(([, text]) => text),
    ...plans.map((plan) => renderTable(model.schema, plan, byName)),
    renderTablesMap(model.schema, plans),
  ];
  return sections.join('\n');
}

export function emitDbTypes(model: SchemaModel): Artifact {
  return { path: dbTypesPath, contents: renderDbTypes(model) };
}
