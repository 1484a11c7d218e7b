import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { repoRoot } from '../../src/lib/paths.ts';

/** Every .ts file under a folder of the checkout, repository-relative with forward slashes, sorted. */
export function typeScriptFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => posix.join(dir, name.split('\\').join('/')))
    .sort();
}
