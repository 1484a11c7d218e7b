import { byKey, byName } from '../lib/compare.ts';
import type { ValueSetColumn } from '../api/value-set-enums.ts';
import type { SchemaModel } from '../model/schema-model.ts';
import type { Artifact } from './artifact.ts';
import { planTable } from './db-type-names.ts';
import { generatedFileHeader } from './ts-doc.ts';
import { singleQuoted } from './ts-names.ts';

/**
 * SchemaModel → src/api/value-sets.ts: the value-set columns the exported
 * PostGraphile preset turns into GraphQL enums (src/api/value-set-enums.ts),
 * named as db.ts names their unions. It lives in src/api so the package
 * builds it with the preset (tsconfig.build-api.json). Pure: the same model
 * always gives the same bytes.
 */

export const valueSetColumnsPath = 'src/api/value-sets.ts';

/** Every column db.ts gives a value-set union, sorted by table then column. */
export function valueSetColumnsOf(model: SchemaModel): ValueSetColumn[] {
  return [...model.tables]
    .sort(byName)
    .flatMap((table) => {
      const { valueSets } = planTable(table);
      return table.columns
        .flatMap((column) => {
          const names = valueSets.get(column.name);
          const { valueSet } = column;
          return names && valueSet
            ? [{ schema: model.schema, table: table.name, column: column.name, type: names.type, values: valueSet.values, constraint: valueSet.constraint }]
            : [];
        })
        .sort(byKey((entry) => entry.column));
    });
}

function renderColumn(c: ValueSetColumn): string {
  const fields = [
    `schema: ${singleQuoted(c.schema)}`,
    `table: ${singleQuoted(c.table)}`,
    `column: ${singleQuoted(c.column)}`,
    `type: ${singleQuoted(c.type)}`,
    `values: [${c.values.map(singleQuoted).join(', ')}]`,
    `constraint: ${singleQuoted(c.constraint)}`,
  ];
  return `  {\n${fields.map((field) => `    ${field},\n`).join('')}  },\n`;
}

export function emitValueSetColumns(model: SchemaModel): Artifact {
  const header = generatedFileHeader(
    `The CHECK value sets of the ${model.schema} schema that the exported PostGraphile preset\n(src/api/graphile.config.ts) serves as GraphQL enums, named like db.ts's unions.`,
  );
  const contents =
    `${header}\nimport type { ValueSetColumn } from './value-set-enums.ts';\n\n` +
    `/** By table, then column. */\nexport const valueSetColumns: readonly ValueSetColumn[] = [\n${valueSetColumnsOf(model).map(renderColumn).join('')}];\n`;
  return { path: valueSetColumnsPath, contents };
}
