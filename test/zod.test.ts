import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDbTypes } from '../src/emit/db-types.ts';
import { planTable } from '../src/emit/db-type-names.ts';
import { translatePgRegex } from '../src/emit/pg-regex.ts';
import { renderZod } from '../src/emit/zod.ts';
import * as generated from '../src/generated/zod.ts';
import { parseCheck } from '../src/model/check-expressions.ts';
import { introspectSchema } from '../src/introspect/introspect.ts';
import { repoRoot } from '../src/lib/paths.ts';
import type { SchemaModel } from '../src/model/schema-model.ts';
import { createMigratedDatabase } from './helpers/database.ts';
import { typecheck } from './helpers/typecheck.ts';

/**
 * zod.ts beyond the parity test (test/zod-parity.test.ts): what it does with
 * a check it cannot translate, that it compiles and yields db.ts's very
 * types, and the parser and regex translation it is built on.
 */

let model: SchemaModel;

beforeAll(async () => {
  const db = await createMigratedDatabase();
  try {
    model = await introspectSchema(db.client);
  } finally {
    await db.drop();
  }
});

/** Where the file's list of untranslated checks ends and the validators begin. */
const endOfUntranslated = (source: string): number => source.indexOf('\n', source.indexOf('export const untranslatedChecks')) + 1;

describe('a check the validators cannot translate', () => {
  let source: string;
  beforeAll(async () => {
    const db = await createMigratedDatabase();
    try {
      await db.client.query(`
        alter table app_public.users add constraint users_zod_lower_email_check check (lower(email) = email);
        alter table app_public.teams add constraint teams_zod_repeated_check check (name !~ '(.)\\1{3}');`);
      source = renderZod(await introspectSchema(db.client));
    } finally {
      await db.drop();
    }
  });

  test('is listed, with its definition and why, in the comment at the top of the file and in untranslatedChecks', () => {
    // The comment as one line: jsDoc wraps it at 100 columns.
    const top = source
      .slice(0, endOfUntranslated(source))
      .split('\n')
      .map((line) => line.replace(/^ \* ?/, ''))
      .join(' ');
    expect(top).toContain('- users.users_zod_lower_email_check: CHECK ((lower(email) = email)) (');
    expect(top).toContain("- teams.teams_zod_repeated_check: CHECK ((name !~ '(.)\\1{3}'::text)) (the regular expression: the escape \\1)");
    expect(top).toContain('export const untranslatedChecks: readonly string[] = ["teams.teams_zod_repeated_check","users.users_zod_lower_email_check"];');
  });

  test('is not enforced anywhere else, and the translatable checks still are', () => {
    const body = source.slice(endOfUntranslated(source));
    expect(body).not.toContain('users_zod_lower_email_check');
    expect(body).not.toContain('teams_zod_repeated_check');
    expect(body).toContain('violates users_email_check');
  });

  test('the migrated schema has none', () => {
    expect(generated.untranslatedChecks).toEqual([]);
  });
});

describe('the generated file', () => {
  test('exports a row, insert and update schema per table under db.ts’s names, and the schemas map holds the same ones', () => {
    const plans = model.tables.map(planTable);
    expect(Object.keys(generated.schemas).sort()).toEqual(model.tables.map((table) => table.name).sort());
    const exported = generated as unknown as Record<string, unknown>;
    for (const plan of plans) {
      const entry = generated.schemas[plan.table.name as keyof typeof generated.schemas];
      expect([exported[`${plan.row}Schema`], exported[`${plan.insert}Schema`], exported[`${plan.update}Schema`]]).toEqual([entry.row, entry.insert, entry.update]);
    }
  });

  test('typechecks, parses to db.ts’s types (brands included) and accepts every value db.ts’s insert and update types allow', () => {
    const dir = join(repoRoot, 'test', 'virtual-zod');
    const sample = join(dir, 'sample.ts');
    const lines = model.tables.map(planTable).flatMap((plan) => [
      `export const ${plan.row}Row: db.${plan.row} = v.${plan.row}Schema.parse(null);`,
      `export const ${plan.row}Insert: db.${plan.insert} = v.${plan.insert}Schema.parse(null);`,
      `export const ${plan.row}Update: db.${plan.update} = v.${plan.update}Schema.parse(null);`,
      `export const ${plan.row}InsertInput: z.input<typeof v.${plan.insert}Schema> = {} as db.${plan.insert};`,
      `export const ${plan.row}UpdateInput: z.input<typeof v.${plan.update}Schema> = {} as db.${plan.update};`,
    ]);
    const wrongBrand = 'export const wrong: db.UserId = v.TeamSchema.parse(null).id;';
    const text = [`import type { z } from 'zod';`, `import type * as db from './generated/db.ts';`, `import * as v from './generated/zod.ts';`, wrongBrand, ...lines].join('\n');
    const files = new Map([
      [sample, text],
      [join(dir, 'generated', 'db.ts'), renderDbTypes(model)],
      [join(dir, 'generated', 'zod.ts'), renderZod(model)],
      // What zod.ts imports beside it, as in src/ and in the package's dist/.
      [join(dir, 'api', 'zod-runtime.ts'), readFileSync(join(repoRoot, 'src', 'api', 'zod-runtime.ts'), 'utf8')],
    ]);
    const { diagnostics } = typecheck([...files.keys()], files);
    const found = [...diagnostics].flatMap(([file, list]) => list.map((d) => ({ file: file.slice(dir.length + 1), line: d.line, code: d.code })));
    expect(found).toEqual([{ file: 'sample.ts', line: 4, code: 2322 }]);
  });
});

describe('check-expressions', () => {
  test('reads each form of the vocabulary', () => {
    expect(parseCheck('CHECK (((social_provider IS NULL) = (social_provider_id IS NULL)))')).toEqual({
      kind: 'same',
      left: { kind: 'null-test', column: 'social_provider', isNull: true },
      right: { kind: 'null-test', column: 'social_provider_id', isNull: true },
    });
    expect(parseCheck('CHECK ((amount <> (0)::numeric))')).toEqual({
      kind: 'compare',
      operator: '<>',
      left: { kind: 'column', column: 'amount' },
      right: { kind: 'number', value: '0' },
    });
    expect(parseCheck("CHECK ((btrim(v) <> ''::text)) NOT VALID")).toEqual({
      kind: 'compare',
      operator: '<>',
      left: { kind: 'btrim', column: 'v' },
      right: { kind: 'text', value: '' },
    });
    expect(parseCheck("CHECK ((e ~* '^a'::text))")).toEqual({ kind: 'match', column: 'e', pattern: '^a', caseInsensitive: true, negated: false });
    expect(parseCheck('CHECK (((a IS NOT NULL) OR (b IS NOT NULL)))')).toMatchObject({ kind: 'or', args: [{ kind: 'null-test', isNull: false }, { kind: 'null-test', isNull: false }] });
  });

  test('marks what it does not understand as untranslatable, and a non-CHECK as no check', () => {
    expect(parseCheck('CHECK ((lower(email) = email))')).toMatchObject({ kind: 'untranslatable' });
    expect(parseCheck("CHECK ((created_at > '2020-01-01 00:00:00+00'::timestamp with time zone))")).toMatchObject({ kind: 'untranslatable' });
    expect(parseCheck('CHECK ((n BETWEEN SYMMETRIC 1 AND 5))')).toMatchObject({ kind: 'untranslatable' });
    expect(parseCheck('UNIQUE (email)')).toBeUndefined();
  });
});

describe('translatePgRegex', () => {
  test('translates the schema’s patterns to what JS reads the same way', () => {
    expect(translatePgRegex('^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$')).toEqual({
      source: '^[^@\\t\\n\\v\\f\\r ]+@[^@\\t\\n\\v\\f\\r ]+\\.[^@\\t\\n\\v\\f\\r ]+$',
    });
    const mime = translatePgRegex('^[a-z]+/[A-Za-z0-9.+_-]+$');
    expect('source' in mime && new RegExp(mime.source, 'su').test('image/svg+xml')).toBe(true);
    expect(translatePgRegex('[]a]')).toEqual({ source: '[\\]a]' });
  });

  test('reports back references, other classes and embedded options instead of approximating them', () => {
    expect(translatePgRegex('(a)\\1')).toEqual({ untranslatable: 'the escape \\1' });
    expect(translatePgRegex('[[:alpha:]]')).toEqual({ untranslatable: 'the class [:alpha:]' });
    expect(translatePgRegex('(?i)a')).toEqual({ untranslatable: 'a (? group other than (?:' });
    expect(translatePgRegex('***=a')).toEqual({ untranslatable: 'a regex director (***)' });
  });
});
