/**
 * The folders whose every file is generated. A file there that the current
 * schema no longer produces (a dropped table's page, a renumbered DDL file) is
 * an orphan: `generate` deletes it and `check` reports it.
 */
export const generatedFolders = ['ddl/tables', 'docs/tables', 'docs/diagrams', 'src/generated'];

/** Single generated files outside those folders. */
export const generatedFiles = ['ddl/schema.sql', 'docs/README.md', 'docs/erd.md', 'src/api/value-sets.ts'];

export function isGeneratedPath(path: string): boolean {
  return generatedFiles.includes(path) || generatedFolders.some((folder) => path.startsWith(`${folder}/`));
}
