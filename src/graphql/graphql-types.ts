import { codegen } from '@graphql-codegen/core';
import * as typescriptPlugin from '@graphql-codegen/typescript';
import { buildASTSchema, isScalarType, parse, type GraphQLSchema } from 'graphql';
import { GRAPHQL_TYPES_PATH } from './files.ts';
import { generatedFileHeader, jsDoc } from '../emit/ts-doc.ts';

/**
 * schema.graphql → src/generated/graphql.ts: the frontend's TypeScript types
 * for the API, from graphql-codegen's typescript plugin run in process. No
 * I/O: the SDL comes in, the file text goes out.
 */

/**
 * What the PostGraphile (Amber) server puts in the JSON response for each of
 * its scalars, and accepts in variables: big numbers, dates and addresses
 * travel as strings. An unlisted scalar fails generation (strictScalars)
 * rather than silently becoming `any`.
 */
export const scalarTypes: Readonly<Record<string, string>> = {
  Base64EncodedBinary: 'string',
  BigFloat: 'string',
  BigInt: 'string',
  BitString: 'string',
  CidrAddress: 'string',
  Cursor: 'string',
  Date: 'string',
  Datetime: 'string',
  InternetAddress: 'string',
  JSON: 'Json',
  JSONPath: 'string',
  KeyValueHash: '{ [key: string]: string | null }',
  LTree: 'string',
  MacAddress: 'string',
  MacAddress8: 'string',
  Oid: 'number',
  RegClass: 'string',
  RegConfig: 'string',
  RegDictionary: 'string',
  RegNamespace: 'string',
  RegOper: 'string',
  RegOperator: 'string',
  RegProc: 'string',
  RegProcedure: 'string',
  RegRole: 'string',
  RegType: 'string',
  TSQuery: 'string',
  TSVector: 'string',
  Time: 'string',
  UUID: 'string',
  XML: 'string',
};

const builtInScalars = new Set(['Boolean', 'Float', 'ID', 'Int', 'String']);

/** The custom scalars the schema uses, each with its TypeScript type; throws on one without a mapping. */
function scalarsOf(schema: GraphQLSchema): Record<string, string> {
  const used = Object.values(schema.getTypeMap())
    .filter(isScalarType)
    .map((type) => type.name)
    .filter((name) => !builtInScalars.has(name))
    .sort();
  const missing = used.filter((name) => !Object.hasOwn(scalarTypes, name));
  if (missing.length > 0) {
    throw new Error(`graphql.ts: no TypeScript type for the GraphQL scalar ${missing.join(', ')}; add it to scalarTypes in src/graphql/graphql-types.ts.`);
  }
  return Object.fromEntries(used.map((name) => [name, scalarTypes[name] ?? 'never']));
}

const jsonType = `${jsDoc(['A JSON value, as the API returns and accepts the JSON scalar.'])}export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };\n`;

/** The source text of graphql.ts for the SDL. */
export async function renderGraphqlTypes(sdl: string): Promise<string> {
  const document = parse(sdl);
  const schema = buildASTSchema(document);
  const scalars = scalarsOf(schema);
  const generated = await codegen({
    schema: document,
    // Given the schema built once here, codegen skips merging and re-printing it (a quarter of its time).
    schemaAst: schema,
    documents: [],
    filename: GRAPHQL_TYPES_PATH,
    config: {},
    plugins: [
      {
        typescript: {
          scalars,
          strictScalars: true,
          // Unions, not TS enums: nothing to import at run time, and they work under isolatedModules.
          enumsAsTypes: true,
          useTypeImports: true,
        },
      },
    ],
    pluginMap: { typescript: typescriptPlugin },
  });
  const header = generatedFileHeader('TypeScript types for the GraphQL API (src/generated/schema.graphql), from graphql-codegen.');
  return `${header}\n${jsonType}\n${generated.trimEnd()}\n`;
}
