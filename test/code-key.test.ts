import { appendFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { codeKey, keyedSourceFiles } from '../src/lib/code-key.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

/**
 * codeKey, the code half of the GraphQL and PNG cache keys: a copy of the
 * checkout's inputs gives the checkout's key, and an edit to any input gives
 * another. test/graphql-worker.test.ts checks that the inputs cover every
 * module the GraphQL thread loads.
 */

const lockFiles = ['package-lock.json', 'node_modules/.package-lock.json'];

/** A copy of src/ and the lock files in a temp folder, edited by `edit`; its codeKey. */
function keyOfCopy(edit: (root: string) => void = () => undefined): string | undefined {
  const root = makeTempDir('cfdb-code-key');
  cpSync(join(repoRoot, 'src'), join(root, 'src'), { recursive: true });
  for (const file of lockFiles) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(root, file));
  }
  edit(root);
  return codeKey(root);
}

test('the same inputs anywhere give the checkout’s key', () => {
  expect(codeKey()).toMatch(/^[0-9a-f]{64}$/);
  expect(keyOfCopy()).toBe(codeKey());
});

test('an edit to a module the GraphQL build or the PNG rendering runs, to either lock file, or a new source file changes the key', () => {
  const untouched = keyOfCopy();
  const edits: Record<string, (root: string) => void> = {
    'src/graphql/schema.ts': (root) => appendFileSync(join(root, 'src/graphql/schema.ts'), '\n'),
    'src/graphql/graphql-types.ts': (root) => appendFileSync(join(root, 'src/graphql/graphql-types.ts'), '\n'),
    'src/emit/erd-render.ts': (root) => appendFileSync(join(root, 'src/emit/erd-render.ts'), '\n'),
    'src/model/domains.json5': (root) => appendFileSync(join(root, 'src/model/domains.json5'), '\n'),
    'a new module': (root) => writeFileSync(join(root, 'src/graphql/new-plugin.ts'), 'export {};\n'),
    'package-lock.json': (root) => appendFileSync(join(root, 'package-lock.json'), '\n'),
    'node_modules/.package-lock.json': (root) => appendFileSync(join(root, 'node_modules/.package-lock.json'), '\n'),
  };
  for (const [what, edit] of Object.entries(edits)) {
    expect({ what, changed: keyOfCopy(edit) !== untouched }).toEqual({ what, changed: true });
  }
});

test('a generated output (rewritten by every generation, loaded by no cached computation) or a file outside src/ leaves the key as it is', () => {
  expect(keyedSourceFiles(repoRoot)).not.toContain('src/generated/db.ts');
  expect(keyedSourceFiles(repoRoot)).not.toContain('src/api/value-sets.ts');
  expect(keyOfCopy((root) => appendFileSync(join(root, 'src/generated/db.ts'), '\n'))).toBe(codeKey());
  expect(keyOfCopy((root) => writeFileSync(join(root, 'README.md'), 'not code\n'))).toBe(codeKey());
});

test('without a lock file there is no key, so nothing is cached', () => {
  const root = makeTempDir('cfdb-code-key');
  cpSync(join(repoRoot, 'src'), join(root, 'src'), { recursive: true });
  expect(codeKey(root)).toBeUndefined();
});
