import { execFile } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../src/lib/paths.ts';

/**
 * A consumer's view of the package: the tarball `npm pack` builds (prepack
 * compiles dist/), installed into an empty project as a user would install it.
 */

const run = promisify(execFile);

/** The environment of a child that must see the package as a consumer does: no tsx or jest loaders. */
export function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

export interface PackedTarball {
  path: string;
  /** Paths inside the package, sorted. */
  files: string[];
}

/** Runs `npm pack` on the checkout (its prepack builds dist/) and puts the tarball in dir. */
export async function packInto(dir: string): Promise<PackedTarball> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: repoRoot,
    env: plainEnv(),
  });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error('npm pack reported no tarball');
  return { path: join(dir, packed.filename), files: packed.files.map((file) => file.path).sort() };
}

/**
 * Creates an empty ES module project in dir and installs the tarball there
 * without peer dependencies, from the npm cache where it can.
 */
export async function installInto(dir: string, tarball: string): Promise<void> {
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' })}\n`);
  await run('npm', ['install', '--omit=peer', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
    cwd: dir,
    env: plainEnv(),
  });
}

/** The packages npm installed into the project, from its hidden lock file. */
export function installedPackages(dir: string): string[] {
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules', '.package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  return Object.keys(lock.packages).sort();
}

/** Bytes of every file under dir (apparent size, links counted as themselves). */
export function treeBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((total, entry) => {
    const path = join(dir, entry.name);
    return total + (entry.isDirectory() ? treeBytes(path) : lstatSync(path).size);
  }, 0);
}

/**
 * Links packages of the checkout's node_modules into the project, for what a
 * consumer would install beside the package (pg, the optional peers) once the
 * install itself has been measured.
 */
export function linkFromCheckout(dir: string, names: readonly string[]): void {
  for (const name of names) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', name), link, 'dir');
  }
}
