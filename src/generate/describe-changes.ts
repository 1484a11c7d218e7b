import type { ArtifactDiff } from './compare.ts';

/** Names a few paths, counts the rest: one readable line however many files changed. */
export function listPaths(paths: string[], shown = 6): string {
  const names = paths.slice(0, shown).join(', ');
  return paths.length > shown ? `${names}, … ${paths.length - shown} more` : names;
}

/** "3 written (…), 1 removed (…), 40 unchanged" — what a generation did to the tree. */
export function describeChanges(diff: ArtifactDiff): string {
  const written = [...diff.missing, ...diff.stale].sort();
  if (written.length === 0 && diff.orphaned.length === 0) return `all ${diff.unchanged.length} generated files were already current`;
  const parts = [];
  if (written.length) parts.push(`${written.length} written (${listPaths(written)})`);
  if (diff.orphaned.length) parts.push(`${diff.orphaned.length} removed (${listPaths(diff.orphaned)})`);
  parts.push(`${diff.unchanged.length} unchanged`);
  return parts.join(', ');
}
