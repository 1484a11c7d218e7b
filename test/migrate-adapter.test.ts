import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../src/lib/paths.ts';
import { migrationHash, readCommittedFiles } from '../src/migrate/migration-file.ts';
import { withoutComments } from '../src/migrate/sql-words.ts';

/**
 * graphile-migrate is used through one adapter, src/migrate/graphile.ts, and
 * that through its public exports but for the exceptions it names; the
 * committed-file format it documents is read by src/migrate/migration-file.ts.
 */

const adapter = 'src/migrate/graphile.ts';
/** The private modules the adapter may import, each an exception it explains. */
const adapterExceptions = ['graphile-migrate/dist/pgReal.js'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs|cjs)$/.test(entry.name))
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
}

/** Every module specifier under graphile-migrate the text imports: static, dynamic, require, or re-export. */
function graphileImports(text: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(graphile-migrate(?:\/[^'"]*)?)\1/gm;
  return [...text.matchAll(pattern)].map((m) => m[2] ?? '');
}

describe('the graphile-migrate adapter', () => {
  const files = ['src', 'bench', 'bin', 'test'].flatMap(sourceFiles).filter((f) => f !== 'test/migrate-adapter.test.ts');

  test('the scan sees every form of import', () => {
    expect(
      graphileImports(
        "import { a } from 'graphile-migrate';\nimport type { B } from \"graphile-migrate/dist/x.js\";\n" +
          "const c = await import('graphile-migrate/dist/y.js');\nconst d = require('graphile-migrate');\nimport 'graphile-migrate/dist/z.js';\n" +
          "export { e } from 'graphile-migrate/dist/w.js';\n// graphile-migrate's own words are not an import\n",
      ),
    ).toEqual(['graphile-migrate', 'graphile-migrate/dist/x.js', 'graphile-migrate/dist/y.js', 'graphile-migrate', 'graphile-migrate/dist/z.js', 'graphile-migrate/dist/w.js']);
  });

  test('no file but the adapter imports graphile-migrate at all', () => {
    expect(files).toContain(adapter);
    const outside = files.filter((f) => f !== adapter).flatMap((f) => graphileImports(readFileSync(join(repoRoot, f), 'utf8')).map((m) => `${f}: ${m}`));
    expect(outside).toEqual([]);
  });

  test("the adapter's private imports are only its named exceptions", () => {
    const imports = graphileImports(readFileSync(join(repoRoot, adapter), 'utf8'));
    expect(imports.filter((m) => m.startsWith('graphile-migrate/')).sort()).toEqual(adapterExceptions);
    expect(imports).toContain('graphile-migrate');
  });
});

describe('the committed-file format, read without graphile-migrate', () => {
  test("every committed migration's Hash, as graphile-migrate commit wrote it, is its body's hash chained on the previous one", () => {
    const files = readCommittedFiles();
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect(migrationHash(file.body, file.previousHash)).toBe(file.hash);
    expect(files.map((f) => f.filename)).toEqual(files.map((f) => `${f.realFilename.slice(0, 6)}.sql`));
    expect(files[0]?.previousHash).toBeNull();
  });

  test('a body changed by one character hashes differently', () => {
    const [first] = readCommittedFiles();
    expect(migrationHash(`${first?.body ?? ''} `, first?.previousHash ?? null)).toBe(first?.hash);
    expect(migrationHash((first?.body ?? '').replace('create', 'Create'), first?.previousHash ?? null)).not.toBe(first?.hash);
  });
});

describe('withoutComments: when the dev loop runs current.sql again', () => {
  const base = "create table app_public.x (id int, note text default 'a -- b');\n";

  test('comments and layout do not count', () => {
    expect(withoutComments(`-- Enter migration here\n${base}`)).toBe(withoutComments(base));
    expect(withoutComments(`/* why /* nested */ */\n${base.replace(' (', '\n  (\n')}\n\n`)).toBe(withoutComments(base));
  });

  test('anything inside a literal, a quoted name or a dollar-quoted body counts', () => {
    expect(withoutComments(base.replace("'a -- b'", "'a  -- b'"))).not.toBe(withoutComments(base));
    expect(withoutComments('comment on table "A  b" is null;')).not.toBe(withoutComments('comment on table "A b" is null;'));
    expect(withoutComments('do $$ begin -- x\nend $$;')).not.toBe(withoutComments('do $$ begin\nend $$;'));
    expect(withoutComments("select E'it\\'s -- kept';")).toBe("select E'it\\'s -- kept';");
  });

  test('a change of SQL counts', () => {
    expect(withoutComments(base.replace('id int', 'id bigint'))).not.toBe(withoutComments(base));
  });
});
