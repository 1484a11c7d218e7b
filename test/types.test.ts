import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { renderDbTypes } from '../src/emit/db-types.ts';
import { tableTypeName } from '../src/emit/ts-names.ts';
import { renderGraphqlTypes } from '../src/graphql/graphql-types.ts';
import { graphqlSdl } from '../src/graphql/live-schema.ts';
import { introspectSchema } from '../src/introspect/introspect.ts';
import { repoRoot } from '../src/lib/paths.ts';
import type { SchemaModel } from '../src/model/schema-model.ts';
import { apiRoles } from '../src/db/roles.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { errorsIn, lineOf, typecheck, type Diagnostic } from './helpers/typecheck.ts';

/**
 * Type-level tests: the generated db.ts and graphql.ts are compiled with
 * sample modules that use them. The good samples must compile cleanly; each
 * bad sample must fail with the one error that proves the types guard it.
 */

const samplesDir = join(repoRoot, 'test', 'fixtures', 'typecheck');
const sample = (name: string): string => join(samplesDir, name);

// The generated files exist only in memory, where the samples' imports look for them.
const dbPath = join(samplesDir, 'generated', 'db.ts');
const graphqlPath = join(samplesDir, 'generated', 'graphql.ts');
const generated = [dbPath, graphqlPath];
const good = ['backend-sample.ts', 'frontend-sample.ts'].map(sample);
const bad = {
  unknownColumn: sample('unknown-column.ts'),
  wrongValueSetLiteral: sample('wrong-value-set-literal.ts'),
  userIdAsProjectId: sample('user-id-as-project-id.ts'),
  missingRequiredInsertColumn: sample('missing-required-insert-column.ts'),
  jsonbArrayParameter: sample('jsonb-array-parameter.ts'),
  visitorSetsOwner: sample('visitor-sets-owner.ts'),
};

let db: ScratchDatabase;
/** The migrated schema, introspected as `cfdb generate` does. */
let model: SchemaModel;
let sdl: string;
let diagnostics: Map<string, Diagnostic[]>;

beforeAll(async () => {
  db = await createMigratedDatabase();
  model = await introspectSchema(db.client);
  sdl = await graphqlSdl(db.url, { role: apiRoles().visitor });
  const virtualFiles = new Map([
    [dbPath, renderDbTypes(model)],
    [graphqlPath, await renderGraphqlTypes(sdl)],
  ]);
  diagnostics = typecheck([...generated, ...good, ...Object.values(bad)], virtualFiles).diagnostics;
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

const errorsOf = (path: string): Diagnostic[] => errorsIn(diagnostics, path);

/** The single diagnostic a bad sample must produce. */
function onlyError(path: string): Diagnostic {
  const found = errorsOf(path);
  expect(found).toHaveLength(1);
  const [first] = found;
  if (!first) throw new Error(`${path} compiled without errors`);
  return first;
}

describe('generated types compile with correct usage', () => {
  test.each([...generated, ...good].map((path) => [path.slice(samplesDir.length + 1), path]))('%s has no type errors', (_name, path) => {
    expect(errorsOf(path)).toEqual([]);
  });

  test('the frontend sample operation is valid against the generated SDL', () => {
    const operation = readFileSync(sample('project-cards.graphql'), 'utf8');
    expect(validate(buildSchema(sdl), parse(operation)).map((error) => error.message)).toEqual([]);
  });

  test('db.ts row types are named like the GraphQL types of the same tables', () => {
    const schema = buildSchema(sdl);
    const missing = model.tables
      .map((table) => tableTypeName(table))
      .filter((name) => !schema.getType(name));
    expect(missing).toEqual([]);
  });
});

describe('generated types reject wrong usage', () => {
  test('an unknown column in an insert', () => {
    const error = onlyError(bad.unknownColumn);
    expect(error.code).toBe(2353);
    expect(error.message).toContain("'nmae' does not exist in type 'ProjectInsert'");
    expect(error.line).toBe(lineOf(bad.unknownColumn, 'nmae:'));
  });

  test('a literal outside the CHECK value set', () => {
    const error = onlyError(bad.wrongValueSetLiteral);
    expect(error.code).toBe(2322);
    expect(error.message).toContain(`Type '"Gold"' is not assignable to type 'UserSubscriptionTier | undefined'`);
  });

  test('a UserId where a ProjectId is expected', () => {
    const error = onlyError(bad.userIdAsProjectId);
    expect(error.code).toBe(2345);
    expect(error.message).toContain("Argument of type 'UserId' is not assignable to parameter of type 'ProjectId'");
  });

  test('an insert without a required column', () => {
    const error = onlyError(bad.missingRequiredInsertColumn);
    expect(error.code).toBe(2741);
    expect(error.message).toContain("Property 'name' is missing");
    expect(error.message).toContain("required in type 'ProjectInsert'");
  });

  test("a GraphQL input that sets a row's owner, which the visitor's API does not offer", () => {
    const error = onlyError(bad.visitorSetsOwner);
    expect(error.code).toBe(2353);
    expect(error.message).toContain("'userId' does not exist in type 'ProjectInput'");
    expect(error.line).toBe(lineOf(bad.visitorSetsOwner, 'userId:'));
  });

  test('a JS array as a jsonb parameter, which pg would send as an array literal', () => {
    const error = onlyError(bad.jsonbArrayParameter);
    expect(error.code).toBe(2322);
    expect(error.message).toContain("not assignable to type 'JsonInput'");
  });
});
