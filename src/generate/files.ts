import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Artifact } from '../emit/artifact.ts';
import type { ArtifactDiff } from './compare.ts';
import { toBytes } from './compare.ts';
import { generatedFiles, generatedFolders } from './owned.ts';

/** The only module that touches generated files on disk. */

/** Every generated file that exists under root, by repository-relative path. */
export function readGeneratedFiles(root: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const visit = (relDir: string): void => {
    const abs = join(root, relDir);
    if (!existsSync(abs)) return;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const rel = `${relDir}/${entry.name}`;
      if (entry.isDirectory()) visit(rel);
      else files.set(rel, readFileSync(join(root, rel)));
    }
  };
  generatedFolders.forEach(visit);
  for (const path of generatedFiles) {
    if (existsSync(join(root, path))) files.set(path, readFileSync(join(root, path)));
  }
  return files;
}

/**
 * Writes only the files whose bytes changed and deletes orphans, so editors
 * and watchers see real changes only.
 */
export function applyArtifacts(root: string, artifacts: Artifact[], diff: ArtifactDiff): void {
  const changed = new Set([...diff.missing, ...diff.stale]);
  for (const artifact of artifacts) {
    if (!changed.has(artifact.path)) continue;
    const abs = join(root, artifact.path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, toBytes(artifact.contents));
  }
  for (const path of diff.orphaned) rmSync(join(root, path), { force: true });
}
