import type { Artifact } from '../emit/artifact.ts';

/** How the files on disk differ from what the schema generates. Each list is sorted. */
export interface ArtifactDiff {
  /** Generated, but absent on disk. */
  missing: string[];
  /** On disk with other contents. */
  stale: string[];
  /** On disk in a generated folder, but no longer generated. */
  orphaned: string[];
  unchanged: string[];
}

/**
 * Pure comparison: `onDisk` maps each existing generated path (see src/lib/generated-paths.ts) to its bytes.
 */
export function compareArtifacts(artifacts: Artifact[], onDisk: ReadonlyMap<string, Uint8Array>): ArtifactDiff {
  const diff: ArtifactDiff = { missing: [], stale: [], orphaned: [], unchanged: [] };
  const generated = new Set<string>();
  for (const artifact of artifacts) {
    generated.add(artifact.path);
    const existing = onDisk.get(artifact.path);
    if (existing === undefined) diff.missing.push(artifact.path);
    else if (Buffer.compare(Buffer.from(existing), toBytes(artifact.contents)) !== 0) diff.stale.push(artifact.path);
    else diff.unchanged.push(artifact.path);
  }
  diff.orphaned = [...onDisk.keys()].filter((path) => !generated.has(path));
  for (const list of Object.values(diff)) list.sort();
  return diff;
}

export function toBytes(contents: string | Uint8Array): Buffer {
  return typeof contents === 'string' ? Buffer.from(contents, 'utf8') : Buffer.from(contents);
}
