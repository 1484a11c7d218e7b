import type { SchemaModel } from '../model/schema-model.ts';
import type { Artifact } from './artifact.ts';
import { assertUniqueNames, planTable, type TableNames } from './db-type-names.ts';
import { columnSummary, columnTypes, describe, insertSummary, type ColumnTypes } from './db-types.ts';
import { propertyKey } from './ts-names.ts';
import { generatedFileHeader, jsDoc } from './ts-doc.ts';

/**
 * SchemaModel → src/generated/kysely.ts: the `Database` interface Kysely is
 * parameterised with. Its column types are db.ts's (imported, not copied),
 * so a branded id or a value-set union is the same type in both modules;
 * Kysely's ColumnType says where selecting, inserting and updating differ.
 * Pure: the same model always gives the same bytes.
 */

export const kyselyTypesPath = 'src/generated/kysely.ts';

/** The Kysely column type: what a select returns, an insert and an update accept (the plan says which writes may set it). */
function kyselyType(plan: TableNames, { column, select, input }: ColumnTypes): string {
  // Computed by the database on every write: Kysely rejects it in inserts and updates.
  if (column.generated !== undefined || column.identity === 'always') return `GeneratedAlways<${select}>`;
  const hasDefault = column.default !== undefined || column.identity !== undefined;
  // `never` where db.ts's insert or update type leaves the column out (identity, read-only).
  const insert = !plan.insertColumns.includes(column) ? 'never' : hasDefault ? `${input} | undefined` : input;
  const update = plan.updateColumns.includes(column) ? input : 'never';
  if (select === input && update === input) {
    if (insert === input) return select;
    if (hasDefault && insert !== 'never') return `Generated<${select}>`;
  }
  return `ColumnType<${select}, ${insert}, ${update}>`;
}

function tableInterfaceName(plan: TableNames): string {
  return `${plan.row}Table`;
}

function renderTable(schema: string, plan: TableNames, plans: ReadonlyMap<string, TableNames>): string {
  const { table } = plan;
  const qualified = `${schema}.${table.name}`;
  const properties = table.columns.map((column) => {
    const types = columnTypes(plan, column, plans);
    const summary = [columnSummary(column, types.shape), insertSummary(column)].filter((part) => part !== '').join(' ');
    return `${jsDoc([describe(column, table), summary], '  ')}  ${propertyKey(column.name)}: ${kyselyType(plan, types)};\n`;
  });
  const doc = jsDoc([table.comment || `${qualified} (no comment in the database).`, `The columns of ${qualified} for Kysely.`]);
  return `${doc}export interface ${tableInterfaceName(plan)} {\n${properties.join('')}}\n`;
}

/** Every type name db.ts exports that a column type may mention. */
function dbTypeNames(plans: readonly TableNames[]): Set<string> {
  const names = new Set(['Json', 'JsonInput', 'PgInterval', 'PgPoint', 'PgCircle']);
  for (const plan of plans) {
    if (plan.id) names.add(plan.id);
    for (const valueSet of plan.valueSets.values()) names.add(valueSet.type);
  }
  return names;
}

/** A table interface named like an imported db.ts type would not compile. */
function assertNoClash(plans: readonly TableNames[], exported: ReadonlySet<string>): void {
  for (const plan of plans) {
    const name = tableInterfaceName(plan);
    if (exported.has(name)) throw new Error(`kysely.ts: the table interface of ${plan.table.name} would be named ${name}, which db.ts already exports; rename the table.`);
  }
}

/** The db.ts names the rendered tables use, sorted. */
function importsFrom(body: string, exported: ReadonlySet<string>): string[] {
  return [...new Set((body.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []).filter((word) => exported.has(word)))].sort();
}

function renderDatabase(schema: string, plans: readonly TableNames[]): string {
  const entries = plans.map((plan) => `  ${propertyKey(`${schema}.${plan.table.name}`)}: ${tableInterfaceName(plan)};\n`);
  const doc = jsDoc([
    `Every table of ${schema}, for new Kysely<Database>(…).`,
    `Keys are schema-qualified, so queries name ${schema} whatever the connection's search_path.`,
  ]);
  return `${doc}export interface Database {\n${entries.join('')}}\n`;
}

/** The source text of kysely.ts for the model. */
export function renderKyselyTypes(model: SchemaModel): string {
  const plans = model.tables.map(planTable);
  assertUniqueNames(plans);
  const exported = dbTypeNames(plans);
  assertNoClash(plans, exported);
  const byName = new Map(plans.map((plan) => [plan.table.name, plan]));
  const body = [...plans.map((plan) => renderTable(model.schema, plan, byName)), renderDatabase(model.schema, plans)].join('\n');
  const imports = importsFrom(body, exported);
  const kyselyImports = ['ColumnType', 'Generated', 'GeneratedAlways'].filter((name) => new RegExp(`\\b${name}<`).test(body));
  return [
    generatedFileHeader(
      `The Kysely Database interface for the ${model.schema} schema. Column types are db.ts's (branded ids,\nvalue-set unions, pg's runtime shapes); Kysely's ColumnType marks defaults and what a write accepts.`,
    ),
    ...(kyselyImports.length > 0 ? [`import type { ${kyselyImports.join(', ')} } from 'kysely';`] : []),
    ...(imports.length > 0 ? [importLine(imports)] : []),
    '',
    body,
  ].join('\n');
}

/** One import of db.ts's names, one a line when they do not fit on one. */
function importLine(names: readonly string[]): string {
  const line = `import type { ${names.join(', ')} } from './db.ts';`;
  return line.length <= 100 ? line : `import type {\n${names.map((name) => `  ${name},\n`).join('')}} from './db.ts';`;
}

export function emitKyselyTypes(model: SchemaModel): Artifact {
  return { path: kyselyTypesPath, contents: renderKyselyTypes(model) };
}
