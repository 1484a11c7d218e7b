import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';
import type { Artifact } from '../src/emit/artifact.ts';
import { runEmitters, type Emitter } from '../src/emit/emitter.ts';
import { modelEmitters } from '../src/emit/emitters.ts';
import { isGeneratedPath } from '../src/lib/generated-paths.ts';
import { repoRoot } from '../src/lib/paths.ts';
import type { StageTimings } from '../src/lib/timings.ts';
import { sampleModel } from './fixtures/sample-model.ts';
import { typeScriptFiles } from './helpers/source-files.ts';

/**
 * The model's emitters share one interface and one list (src/emit/emitters.ts),
 * which the generator and the benchmark both run through runEmitters.
 */

const file = (path: string): Artifact => ({ path, contents: path });

describe('runEmitters', () => {
  test('runs every emitter with the model and context, stage by stage, and times each stage once', async () => {
    const seen: string[] = [];
    const emitters: Emitter[] = [
      {
        stage: 'one',
        phase: 'primary',
        emit(model) {
          seen.push(`a ${model.schema}`);
          return file('a');
        },
      },
      {
        stage: 'two',
        phase: 'primary',
        async emit(_, { tableHistory }) {
          seen.push(`b ${tableHistory?.join()}`);
          return [file('b1'), file('b2')];
        },
      },
      {
        stage: 'one',
        phase: 'diagrams',
        emit() {
          seen.push('c');
          return [file('c')];
        },
      },
    ];
    const timings: StageTimings = {};
    const artifacts = await runEmitters(emitters, sampleModel, { tableHistory: ['users', 'projects'] }, timings);
    expect(artifacts.map((a) => a.path)).toEqual(['a', 'c', 'b1', 'b2']);
    expect(seen).toEqual([`a ${sampleModel.schema}`, 'c', 'b users,projects']);
    expect(Object.keys(timings)).toEqual(['one', 'two']);
    expect(Object.values(timings).every((ms) => ms >= 0)).toBe(true);
  });

  test('fails as the emitter does', async () => {
    const failing: Emitter = { stage: 'one', phase: 'primary', emit: () => Promise.reject(new Error('docs/tables/users.md: no columns')) };
    await expect(runEmitters([failing], sampleModel, {}, {})).rejects.toThrow('docs/tables/users.md: no columns');
  });
});

describe('modelEmitters', () => {
  test('write files only where generated files belong, none twice, the diagrams in their own phase', async () => {
    const primary = await runEmitters(modelEmitters.filter((e) => e.phase === 'primary'), sampleModel, {}, {});
    const paths = primary.map((a) => a.path);
    expect(paths.filter((path) => !isGeneratedPath(path))).toEqual([]);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual(expect.arrayContaining(['src/generated/db.ts', 'src/generated/kysely.ts', 'src/generated/zod.ts', 'src/api/value-sets.ts', 'ddl/schema.sql', 'docs/erd.md', 'docs/README.md']));
    expect(paths.filter((path) => path.startsWith('docs/diagrams/'))).toEqual([]);
    expect(modelEmitters.filter((e) => e.phase === 'diagrams').map((e) => e.stage)).toEqual(['erd']);
  });

  test('are listed only in src/emit/emitters.ts: no module of src/ outside src/emit imports an emit… function, and a benchmark imports at most one (the one it times alone)', () => {
    const outside = typeScriptFiles('src').filter((path) => !path.startsWith('src/emit/'));
    expect(outside.length).toBeGreaterThan(50);
    expect(outside.flatMap((path) => emitImports(path))).toEqual([]);
    const lists = typeScriptFiles('bench').map(emitImports).filter((imports) => imports.length > 1);
    expect(lists).toEqual([]);
  });
});

/** `path: name from specifier` for each named import of an emit… function from src/emit/. */
function emitImports(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(join(repoRoot, path), 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.flatMap((statement) => {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) return [];
    const specifier = statement.moduleSpecifier.text;
    if (!posix.normalize(posix.join(posix.dirname(path), specifier)).startsWith('src/emit/')) return [];
    const bindings = statement.importClause?.namedBindings;
    const names = bindings && ts.isNamedImports(bindings) ? bindings.elements.map((element) => (element.propertyName ?? element.name).text) : [];
    return names.filter((name) => /^emit[A-Z]/.test(name)).map((name) => `${path}: ${name} from ${specifier}`);
  });
}
