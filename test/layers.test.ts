import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../src/lib/paths.ts';
import { typeScriptFiles } from './helpers/source-files.ts';

/**
 * Imports in src/ point one way (docs/conventions.md, "Layers"): a module
 * imports from its own directory, from a directory of a lower layer, or from
 * one of its own layer that SIDEWAYS lists. bench/ and test/ may import
 * anything. The rules are data here; the checker is a pure function of the
 * files' texts, so a made-up tree shows it failing as well.
 */

/** Top first. `cli` is src/cli.ts; every other name is a directory of src/. */
const LAYERS: readonly (readonly string[])[] = [
  ['cli'],
  ['commands'],
  ['dev', 'generate', 'migrate', 'lint', 'drift', 'breaking', 'schema-lint', 'seed', 'serve'],
  ['graphql', 'emit', 'introspect', 'queries'],
  ['model'],
  ['db'],
  // api is the package's own entry points, compiled alone (tsconfig.build-api.json): it imports nothing else.
  ['lib', 'api'],
];

/** The imports allowed within a layer, by importing directory: acyclic, so each layer still has an order. */
const SIDEWAYS: Readonly<Record<string, readonly string[]>> = {
  dev: ['generate', 'migrate'],
  drift: ['migrate'],
  generate: ['migrate'],
  lint: ['migrate'],
  graphql: ['emit', 'introspect'],
};

/** What the generators write: not a layer. Nothing else in src/ imports it, and it imports only itself and src/api/, which ships beside it. */
const OUTPUT = 'generated';

/** The modules of src/commands/ every command may use; a command never imports another command. */
const COMMAND_HELPERS = new Set(['command.ts', 'session.ts']);

interface Source {
  /** Repository-relative, forward slashes: src/dev/report.ts. */
  path: string;
  text: string;
}

interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

/** The directory of src/ a path belongs to (`cli` for src/cli.ts), or undefined outside src/. */
function areaOf(path: string): string | undefined {
  const [top, first, ...rest] = path.split('/');
  if (top !== 'src' || first === undefined) return undefined;
  return rest.length === 0 ? first.replace(/\.ts$/, '') : first;
}

function layerOf(area: string): number | undefined {
  const index = LAYERS.findIndex((layer) => layer.includes(area));
  return index < 0 ? undefined : index;
}

/** Every relative import of a module (static, dynamic, type-only, re-exports) as a repository path, with its line. */
function importsOf(source: Source): { specifier: string; target: string; line: number }[] {
  return ts
    .preProcessFile(source.text, true, true)
    .importedFiles.filter((file) => file.fileName.startsWith('.'))
    .map((file) => ({
      specifier: file.fileName,
      target: posix.normalize(posix.join(posix.dirname(source.path), file.fileName)),
      line: source.text.slice(0, file.pos).split('\n').length,
    }));
}

/** Why an import from one area to another breaks the layers, or undefined when it does not. */
function brokenRule(from: string, to: string | undefined, target: string): string | undefined {
  if (to === undefined) return 'src/ imports nothing outside src/';
  const fromLayer = layerOf(from);
  const toLayer = layerOf(to);
  if (from === OUTPUT || to === OUTPUT) {
    // The generated modules ship with api's (dist/generated/ beside dist/api/), so they may use them: zod.ts its runtime.
    const allowed = from === to || (from === OUTPUT && to === 'api');
    return allowed ? undefined : `src/${OUTPUT}/ is generated output: nothing else in src/ imports it, and it imports only itself and src/api/`;
  }
  if (fromLayer === undefined) return `${from} is in no layer: add it to LAYERS in test/layers.test.ts and to docs/conventions.md`;
  if (toLayer === undefined) return `${to} is in no layer: add it to LAYERS in test/layers.test.ts and to docs/conventions.md`;
  if (from === to) {
    const isCommandImport = from === 'commands' && !COMMAND_HELPERS.has(posix.basename(target));
    return isCommandImport ? 'a command imports no other command: move what they share into the layer below' : undefined;
  }
  if (toLayer > fromLayer) return undefined;
  if (toLayer === fromLayer) {
    return SIDEWAYS[from]?.includes(to) ? undefined : `${from} → ${to} is sideways within a layer, and SIDEWAYS does not allow it`;
  }
  return `${from} → ${to} points up: ${to} is in a higher layer than ${from}`;
}

function violations(sources: readonly Source[]): Violation[] {
  return sources.flatMap((source) => {
    const from = areaOf(source.path);
    if (from === undefined) return [];
    return importsOf(source).flatMap(({ specifier, target, line }) => {
      const rule = brokenRule(from, areaOf(target), target);
      return rule === undefined ? [] : [{ file: source.path, line, specifier, rule }];
    });
  });
}

/** The directories each directory imports from, itself left out. */
function areaGraph(sources: readonly Source[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const source of sources) {
    const from = areaOf(source.path);
    if (from === undefined) continue;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const { target } of importsOf(source)) {
      const to = areaOf(target);
      if (to !== undefined && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** One cycle of the graph as a path that returns to its start (a → b → a), or undefined for none. */
function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (path.includes(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return undefined;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      const cycle = visit(next, [...path, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return undefined;
}

function formatViolation(violation: Violation): string {
  return `${violation.file}:${violation.line} imports '${violation.specifier}': ${violation.rule}`;
}

const sources: Source[] = typeScriptFiles('src').map((path) => ({ path, text: readFileSync(join(repoRoot, path), 'utf8') }));

test('every import in src/ goes down the layers, or sideways where SIDEWAYS allows it', () => {
  expect(sources.length).toBeGreaterThan(100);
  expect(violations(sources).map(formatViolation)).toEqual([]);
});

test('the directories of src/ import one another without a cycle', () => {
  const graph = areaGraph(sources);
  expect(graph.get('commands')?.has('migrate')).toBe(true);
  expect(findCycle(graph)).toBeUndefined();
});

test('every directory of src/ has a layer, and SIDEWAYS names only directories of the importer’s own layer', () => {
  const areas = [...new Set(sources.map((source) => areaOf(source.path) ?? ''))].filter((area) => area !== OUTPUT).sort();
  expect(areas.filter((area) => layerOf(area) === undefined)).toEqual([]);
  const strays = Object.entries(SIDEWAYS).flatMap(([from, tos]) => tos.filter((to) => layerOf(to) !== layerOf(from)).map((to) => `${from} → ${to}`));
  expect(strays).toEqual([]);
  expect(findCycle(new Map(Object.entries(SIDEWAYS).map(([from, tos]) => [from, new Set(tos)])))).toBeUndefined();
});

test('docs/conventions.md lists the same layers and sideways imports', () => {
  const conventions = readFileSync(join(repoRoot, 'docs', 'conventions.md'), 'utf8');
  const rows = LAYERS.map((layer) => `| ${layer.map((area) => `\`${area}\``).join(', ')} |`);
  const sideways = Object.entries(SIDEWAYS).flatMap(([from, tos]) => tos.map((to) => `\`${from} → ${to}\``));
  expect([...rows, ...sideways].filter((text) => !conventions.includes(text))).toEqual([]);
});

describe('the checker, on a made-up tree', () => {
  const tree = (files: Record<string, string>): Source[] => Object.entries(files).map(([path, text]) => ({ path, text }));

  test('names the file, the line, the import and the rule of an import that points up, sideways or at output', () => {
    const found = violations(
      tree({
        'src/emit/a.ts': "import type { X } from '../model/x.ts';\nimport { y } from '../commands/generate.ts';\n",
        'src/emit/b.ts': "export { z } from '../graphql/files.ts';\n",
        'src/db/c.ts': "const d = await import('../generated/db.ts');\n",
        'src/commands/start.ts': "import type { Command } from './command.ts';\nimport { deploy } from './migrate.ts';\n",
        'src/lib/e.ts': "import { f } from '../../bench/stats.ts';\n",
      }),
    ).map(formatViolation);
    expect(found).toEqual([
      "src/emit/a.ts:2 imports '../commands/generate.ts': emit → commands points up: commands is in a higher layer than emit",
      "src/emit/b.ts:1 imports '../graphql/files.ts': emit → graphql is sideways within a layer, and SIDEWAYS does not allow it",
      "src/db/c.ts:1 imports '../generated/db.ts': src/generated/ is generated output: nothing else in src/ imports it, and it imports only itself and src/api/",
      "src/commands/start.ts:2 imports './migrate.ts': a command imports no other command: move what they share into the layer below",
      "src/lib/e.ts:1 imports '../../bench/stats.ts': src/ imports nothing outside src/",
    ]);
  });

  test('finds a cycle between directories', () => {
    const cyclic = tree({ 'src/emit/a.ts': "import '../graphql/b.ts';\n", 'src/graphql/b.ts': "import '../emit/c.ts';\n" });
    expect(findCycle(areaGraph(cyclic))).toEqual(['emit', 'graphql', 'emit']);
  });
});
