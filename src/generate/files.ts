import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Artifact } from '../emit/artifact.ts';
import { compareArtifacts, toBytes, type ArtifactDiff } from './compare.ts';
import { generatedFiles, generatedFolders } from '../lib/generated-paths.ts';

/** The only module that touches generated files on disk. */

/** Every generated file that exists under root (or those of them `include` picks), by repository-relative path. */
export function readGeneratedFiles(root: string, include: (path: string) => boolean = () => true): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const visit = (relDir: string): void => {
    const abs = join(root, relDir);
    if (!existsSync(abs)) return;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const rel = `${relDir}/${entry.name}`;
      if (entry.isDirectory()) visit(rel);
      else if (include(rel)) files.set(rel, readFileSync(join(root, rel)));
    }
  };
  generatedFolders.forEach(visit);
  for (const path of generatedFiles) {
    if (include(path) && existsSync(join(root, path))) files.set(path, readFileSync(join(root, path)));
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

/**
 * Brings the generated files under root that `inScope` covers in line with
 * artifacts: writes what differs, deletes orphans, and says what it did.
 * A scope lets the dev loop write one part of the tree (everything but the
 * diagrams) without taking the other part's files for orphans.
 */
export function writeChangedArtifacts(root: string, artifacts: Artifact[], inScope: (path: string) => boolean = () => true): ArtifactDiff {
  const diff = compareArtifacts(artifacts, readGeneratedFiles(root, inScope));
  applyArtifacts(root, artifacts, diff);
  return diff;
}
