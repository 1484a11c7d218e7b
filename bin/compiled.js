// Runs a TypeScript entry point of this repository as JavaScript that esbuild bundled, so a process does not
// pay tsx's loader (about 0.5 s of CPU at every start). Plain JavaScript: it runs before any TypeScript can.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const selfPath = fileURLToPath(import.meta.url);
export const repoRoot = join(dirname(selfPath), '..');
/** Files whose bytes decide the build besides the sources it reads: the packages it links against (external, so loaded as installed) and its own options. */
const KEY_FILES = ['package-lock.json', 'node_modules/.package-lock.json', relative(repoRoot, selfPath)];
const LOADERS = { '.ts': 'ts', '.js': 'js', '.mjs': 'js', '.json': 'json' };
/** Builds a process might still be loading chunks from (a long `cfdb dev`) are kept this long after they were superseded. */
const KEEP_OLD_BUILDS_MS = 24 * 3600 * 1000;

/** Where builds live: under the cache folder of src/lib/paths.ts cacheDir (CFDB_CACHE_DIR moves it). */
export function compiledDir() {
  return join(process.env.CFDB_CACHE_DIR ?? join(repoRoot, '.data', 'cache'), 'compiled');
}

/**
 * The key of a build: the bytes of every file it read (the sources, as esbuild's metafile lists them), the
 * KEY_FILES, the checkout's path (the build holds absolute file URLs) and the Node.js version. Complete
 * because the build reads nothing else: packages are external, and every input passes through readInput.
 * A file that cannot be read is hashed as missing, so its return also changes the key.
 */
function buildKey(inputs, read = (path) => readFileSync(join(repoRoot, path))) {
  const hash = createHash('sha256').update(`${repoRoot}\0${process.version}\0`);
  for (const path of [...new Set([...inputs, ...KEY_FILES])].sort()) {
    let bytes;
    try {
      bytes = read(path);
    } catch {
      bytes = undefined;
    }
    hash.update(`${path}\0`).update(bytes === undefined ? '\u0001missing' : bytes).update('\0');
  }
  return hash.digest('hex');
}

const manifestPath = (entry) => join(compiledDir(), `${entry.replace(/\W+/g, '-')}.json`);
const entryOutput = (dir, entry) => join(dir, entry.replace(/\.ts$/, '.js'));

/** The build of entry that matches the files as they are now ({ file, inputs }), or undefined. */
function currentBuild(entry) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(entry), 'utf8'));
  } catch {
    return undefined;
  }
  const file = entryOutput(join(compiledDir(), manifest.key), entry);
  const current = Array.isArray(manifest.inputs) && buildKey(manifest.inputs) === manifest.key && existsSync(file);
  return current ? { file, inputs: manifest.inputs } : undefined;
}

/**
 * Bundles entry (code-split, so lazily imported commands stay lazy) into a folder named by its key. Each source
 * is read once, by the plugin, and those bytes are both compiled and hashed, so an edit made during the build
 * gives a key that does not match what was compiled. import.meta.url is replaced by the source file's URL,
 * so modules that locate files or resolve packages from it (paths.ts, createRequire, the GraphQL worker) see
 * what they see under tsx. Safe when several processes build at once: each writes its own folder, then renames.
 */
async function build(entry) {
  const esbuild = await import('esbuild');
  const read = new Map();
  const readInput = {
    name: 'read-input',
    setup(plugin) {
      plugin.onLoad({ filter: /.*/ }, (args) => {
        const loader = LOADERS[extname(args.path)];
        if (!loader) return undefined;
        const bytes = readFileSync(args.path);
        read.set(relative(repoRoot, args.path).split(sep).join('/'), bytes);
        const url = JSON.stringify(pathToFileURL(args.path).href);
        return { contents: loader === 'json' ? bytes : bytes.toString('utf8').replaceAll('import.meta.url', url), loader };
      });
    },
  };
  const root = compiledDir();
  mkdirSync(root, { recursive: true });
  const partial = join(root, `.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  try {
    const result = await esbuild.build({
      absWorkingDir: repoRoot,
      entryPoints: [join(repoRoot, entry)],
      outdir: partial,
      outbase: repoRoot,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node}`,
      packages: 'external',
      keepNames: true,
      // package.json says "sideEffects": false for the package's consumers; the CLI's own side-effect imports (the
      // Promise.withResolvers polyfill serve needs, quiet-grafast) must run, so the bundle ignores that annotation.
      ignoreAnnotations: true,
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      plugins: [readInput],
    });
    const inputs = Object.keys(result.metafile.inputs);
    const unread = inputs.filter((path) => !read.has(path));
    if (unread.length > 0) throw new Error(`inputs the key would not cover: ${unread.join(', ')}`);
    const key = buildKey(inputs, (path) => read.get(path) ?? readFileSync(join(repoRoot, path)));
    // Bare imports of packages resolve from the build's folder, which may be outside the checkout (CFDB_CACHE_DIR).
    symlinkSync(join(repoRoot, 'node_modules'), join(partial, 'node_modules'), 'junction');
    const dir = join(root, key);
    try {
      renameSync(partial, dir);
    } catch (error) {
      // Another process finished the same build first: use it.
      if (!existsSync(entryOutput(dir, entry))) throw error;
    }
    const manifest = `${manifestPath(entry)}.${process.pid}.partial`;
    writeFileSync(manifest, JSON.stringify({ key, inputs }));
    renameSync(manifest, manifestPath(entry));
    pruneOldBuilds(root);
    return { file: entryOutput(dir, entry), inputs };
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/**
 * Removes builds no manifest names any more (every entry's current build is kept, whichever entry is
 * building now) once they are KEEP_OLD_BUILDS_MS old: a process started before an edit may still load
 * lazy chunks from the build it started with.
 */
function pruneOldBuilds(root) {
  const names = readdirSync(root);
  const current = new Set();
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    try {
      current.add(JSON.parse(readFileSync(join(root, name), 'utf8')).key);
    } catch {
      // Being replaced by another process: its new key is kept by that process's own prune.
    }
  }
  for (const name of names) {
    const path = join(root, name);
    if (current.has(name) || name.endsWith('.json') || name.endsWith('.partial')) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

/**
 * The compiled file for entry (a path relative to the repository, such as 'src/cli.ts'), building it when a file
 * it depends on changed, and the build's inputs: every file of ours it holds, relative to the repository.
 */
export async function compiledEntry(entry) {
  return currentBuild(entry) ?? (await build(entry));
}

/**
 * Imports entry compiled, after telling onInputs the build's inputs; if it cannot be built, says so in one line
 * and imports it through tsx instead, so a broken build setup never stops a command (and a syntax error gets
 * tsx's message, which names the file).
 */
export async function importEntry(entry, onInputs = () => undefined) {
  let file;
  try {
    const compiled = await compiledEntry(entry);
    file = compiled.file;
    onInputs(compiled.inputs);
  } catch (error) {
    process.stderr.write(`cfdb: could not compile ${entry} (${String(error instanceof Error ? error.message : error).split('\n')[0]}); running it through tsx.\n`);
    const { register } = await import('tsx/esm/api');
    register();
    return import(pathToFileURL(join(repoRoot, entry)).href);
  }
  return import(pathToFileURL(file).href);
}
