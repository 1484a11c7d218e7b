/**
 * A change to what consumers of the package use (schema.graphql, the exports
 * of db.ts) between the previous committed file and the new one.
 */
export interface ApiChange {
  /** The file, as the repository names it: src/generated/schema.graphql. */
  file: string;
  /** breaking: a consumer written against the old file may stop working; dangerous: may behave differently. */
  level: 'breaking' | 'dangerous';
  message: string;
}

/** "schema.graphql: breaking: Field 'b' was removed from object type 'Query'". */
export function formatChange(change: ApiChange): string {
  return `${change.file.replace(/^.*\//, '')}: ${change.level}: ${change.message}`;
}

/** "2 breaking changes (schema.graphql 1, db.ts 1), 1 dangerous", or that there are none. */
export function summarizeChanges(changes: readonly ApiChange[]): string {
  const count = (level: ApiChange['level']): ApiChange[] => changes.filter((c) => c.level === level);
  const breaking = count('breaking');
  const dangerous = count('dangerous');
  if (breaking.length === 0 && dangerous.length === 0) return 'no breaking changes to the API';
  const perFile = [...new Set(breaking.map((c) => c.file))].map((file) => `${file.replace(/^.*\//, '')} ${breaking.filter((c) => c.file === file).length}`);
  const plural = (n: number, word: string): string => `${n} ${word} change${n === 1 ? '' : 's'}`;
  return [
    `${plural(breaking.length, 'breaking')}${perFile.length ? ` (${perFile.join(', ')})` : ''}`,
    ...(dangerous.length ? [plural(dangerous.length, 'dangerous')] : []),
  ].join(', ');
}
