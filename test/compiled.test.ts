import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../src/lib/paths.ts';
import { runNode, type CliResult } from './helpers/cli.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

/**
 * bin/compiled.js, the build bin/cfdb.js and bin/run.js run: on a small
 * checkout of its own (its bin/, a src/ of a few modules, the real
 * node_modules), with the cache outside it as CFDB_CACHE_DIR puts it in
 * tests. Every run is a process, as a user's is.
 */

interface Checkout {
  root: string;
  cache: string;
  write(path: string, text: string): void;
  run(): Promise<CliResult>;
  /** The manifest of src/main.ts's build: its key and the inputs the key covers. */
  manifest(): { key: string; inputs: string[] };
  builds(): string[];
}

function checkout(): Checkout {
  const root = makeTempDir('cfdb-compiled');
  const cache = makeTempDir('cfdb-compiled-cache');
  for (const file of ['compiled.js', 'run.js']) cpSync(join(repoRoot, 'bin', file), join(root, 'bin', file));
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  // As the repository's own: it tells the package's consumers' bundlers that side-effect imports may go.
  writeFileSync(join(root, 'package.json'), '{ "type": "module", "sideEffects": false }\n');
  const write = (path: string, text: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('src/main.ts', "import './polyfill.ts';\nimport { word } from './word.ts';\nimport settings from './settings.json';\nconst later = await import('./later.ts');\nconsole.log([(globalThis as { polyfilled?: string }).polyfilled, word, settings.size, later.url].join(' '));\n");
  // A module imported for its side effect alone, as src/serve/promise-with-resolvers.ts is.
  write('src/polyfill.ts', "(globalThis as { polyfilled?: string }).polyfilled = 'polyfilled';\n");
  write('src/word.ts', "export const word: string = 'one';\n");
  write('src/later.ts', "import pluralize from 'pluralize';\nexport const url = `${pluralize('table')} ${import.meta.url}`;\n");
  write('src/settings.json', '{ "size": 1 }\n');
  write('src/unused.ts', "export const unused = 'not imported';\n");
  return {
    root,
    cache,
    write,
    run: () => runNode([join(root, 'bin', 'run.js'), join(root, 'src', 'main.ts')], { ...process.env, CFDB_CACHE_DIR: cache }, root),
    manifest: () => JSON.parse(readFileSync(join(cache, 'compiled', 'src-main-ts.json'), 'utf8')) as { key: string; inputs: string[] },
    builds: () => readdirSync(join(cache, 'compiled')).filter((name) => /^[0-9a-f]{64}$/.test(name)),
  };
}

const expected = (c: Checkout, word: string, size: number): string => `polyfilled ${word} ${size} tables ${pathToFileURL(join(c.root, 'src', 'later.ts')).href}\n`;

test('runs the entry compiled, lazily imported modules and packages included, with import.meta.url the source’s; a second run reuses the build', async () => {
  const c = checkout();
  expect(await c.run()).toEqual({ code: 0, stdout: expected(c, 'one', 1), stderr: '' });
  const { key } = c.manifest();
  expect(existsSync(join(c.cache, 'compiled', key, 'src', 'main.js'))).toBe(true);
  expect(await c.run()).toEqual({ code: 0, stdout: expected(c, 'one', 1), stderr: '' });
  expect(c.manifest().key).toBe(key);
  expect(c.builds()).toEqual([key]);
});

test('the key covers exactly the inputs esbuild’s metafile reports: an edit to any of them, a new module included, is picked up by the next run', async () => {
  const c = checkout();
  await c.run();
  expect(c.manifest().inputs.sort()).toEqual(['src/later.ts', 'src/main.ts', 'src/polyfill.ts', 'src/settings.json', 'src/word.ts']);
  const before = c.manifest().key;
  c.write('src/unused.ts', "export const unused = 'edited';\n");
  await c.run();
  expect(c.manifest().key).toBe(before);

  c.write('src/word.ts', "export { word } from './new-word.ts';\n");
  c.write('src/new-word.ts', "export const word: string = 'two';\n");
  expect((await c.run()).stdout).toBe(expected(c, 'two', 1));
  expect(c.manifest().inputs).toContain('src/new-word.ts');
  c.write('src/new-word.ts', "export const word: string = 'three';\n");
  expect((await c.run()).stdout).toBe(expected(c, 'three', 1));
  c.write('src/settings.json', '{ "size": 2 }\n');
  expect((await c.run()).stdout).toBe(expected(c, 'three', 2));
  const edited = c.manifest().key;
  c.write('package-lock.json', '{ "changed": true }\n');
  await c.run();
  expect(c.manifest().key).not.toBe(edited);
});

test('eight processes starting at once on an empty cache all run the same build, and leave no partial files', async () => {
  const c = checkout();
  const runs = await Promise.all(Array.from({ length: 8 }, () => c.run()));
  for (const run of runs) expect(run).toEqual({ code: 0, stdout: expected(c, 'one', 1), stderr: '' });
  expect(c.builds()).toEqual([c.manifest().key]);
  expect(readdirSync(join(c.cache, 'compiled')).filter((name) => name.includes('partial'))).toEqual([]);
});

test('a source that does not compile falls back to tsx with one line saying so', async () => {
  const c = checkout();
  c.write('src/word.ts', 'export const word: string = ;\n');
  const run = await c.run();
  expect(run.code).not.toBe(0);
  expect(run.stderr.split('\n')[0]).toMatch(/^cfdb: could not compile src\/main\.ts \(.*\); running it through tsx\.$/);
});
