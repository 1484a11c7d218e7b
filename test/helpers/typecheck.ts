import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../../src/lib/paths.ts';

/**
 * Type-checks sample modules against generated files that exist only in
 * memory, with the repository's own compiler options, so a test can assert
 * both "this compiles" and "this fails with exactly that error".
 *
 * The samples start with a `// @ts-nocheck` line so `tsc -p .` skips them
 * (the bad ones must not compile, and their generated imports do not exist on
 * disk); it is blanked here, keeping line numbers.
 *
 * typecheckFiles compiles files as they are on disk instead, with a
 * consumer's options: test/package.test.ts checks the installed package.
 */

export interface Diagnostic {
  code: number;
  message: string;
  /** 1-based line in the sample. */
  line: number;
}

export interface TypecheckResult {
  /** Diagnostics per sample path (as given), syntactic and semantic. */
  diagnostics: Map<string, Diagnostic[]>;
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(repoRoot, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot);
  // Jest's globals would hide a missing import; the samples are plain modules.
  return { ...parsed.options, noEmit: true, types: ['node'] };
}

/**
 * Compiles the samples in one program. `virtualFiles` maps absolute paths to
 * contents (the generated db.ts and graphql.ts beside the samples).
 */
export function typecheck(samples: readonly string[], virtualFiles: ReadonlyMap<string, string>): TypecheckResult {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const sampleSet = new Set(samples.map((sample) => resolve(sample)));
  const readFile = (fileName: string): string | undefined => {
    const path = resolve(fileName);
    const virtual = virtualFiles.get(path);
    if (virtual !== undefined) return virtual;
    const text = ts.sys.readFile(fileName);
    return text !== undefined && sampleSet.has(path) ? withoutNoCheck(text) : text;
  };
  host.readFile = readFile;
  host.fileExists = (fileName) => virtualFiles.has(resolve(fileName)) || ts.sys.fileExists(fileName);
  // Module resolution looks for the folder before the file; the generated folder exists only in memory.
  const virtualDirs = new Set([...virtualFiles.keys()].map((path) => dirname(path)));
  host.directoryExists = (dir) => virtualDirs.has(resolve(dir)) || ts.sys.directoryExists(dir);
  host.getSourceFile = (fileName, languageVersion) => {
    const text = readFile(fileName);
    return text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  const program = ts.createProgram({ rootNames: [...sampleSet], options, host });
  return { diagnostics: diagnosticsOf(program, samples) };
}

/** The diagnostics recorded for one sample; throws when it was not part of the program. */
export function errorsIn(diagnostics: ReadonlyMap<string, Diagnostic[]>, path: string): Diagnostic[] {
  const found = diagnostics.get(path);
  if (!found) throw new Error(`no diagnostics recorded for ${path}`);
  return found;
}

/** Compiles files as they are on disk with the given options, as a consumer's tsc would. */
export function typecheckFiles(files: readonly string[], options: ts.CompilerOptions): Map<string, Diagnostic[]> {
  const program = ts.createProgram({ rootNames: files.map((file) => resolve(file)), options });
  return diagnosticsOf(program, files);
}

/** Syntactic and semantic diagnostics of each file of a program, keyed by the path as given. */
export function diagnosticsOf(program: ts.Program, files: readonly string[]): Map<string, Diagnostic[]> {
  const diagnostics = new Map<string, Diagnostic[]>();
  for (const file of files) {
    const sourceFile = program.getSourceFile(resolve(file));
    if (!sourceFile) throw new Error(`typecheck: ${file} was not part of the program`);
    const found = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    diagnostics.set(
      file,
      found.map((diagnostic) => ({
        code: diagnostic.code,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
        line: diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line + 1,
      })),
    );
  }
  return diagnostics;
}

/** A sample's text without its `// @ts-nocheck` first line (blanked, so line numbers stay). */
export function withoutNoCheck(text: string): string {
  return text.replace(/^\/\/ @ts-nocheck[^\n]*/, '');
}

/** The sample's text as written, for locating the line an error must point at. */
export function lineOf(sample: string, fragment: string): number {
  const index = readFileSync(sample, 'utf8').split('\n').findIndex((line) => line.includes(fragment));
  if (index < 0) throw new Error(`${sample} has no line containing ${fragment}`);
  return index + 1;
}
