import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ModuleClosure {
  /** The entry and every module of this repository it loads, by absolute path, sorted. */
  files: string[];
  /** The packages they load (node: built-ins left out), sorted. */
  packages: string[];
}

/** The specifiers a module imports for their values (type-only imports load nothing). */
function valueImports(source: string): string[] {
  return [...source.matchAll(/^import (?!type )(?:[^'";]* from )?'([^']+)';/gm)].map((match) => match[1] ?? '');
}

/** What loading the module at `entry` loads, followed through its relative value imports. */
export function moduleClosure(entry: string): ModuleClosure {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of valueImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
      else if (!specifier.startsWith('node:')) packages.add(specifier);
    }
  };
  visit(entry);
  return { files: [...files].sort(), packages: [...packages].sort() };
}
