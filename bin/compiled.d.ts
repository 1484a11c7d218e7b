// Types of bin/compiled.js, which is plain JavaScript because it runs before any TypeScript can.
export const repoRoot: string;
export function compiledDir(): string;
export function compiledEntry(entry: string): Promise<{ file: string; inputs: string[] }>;
export function importEntry(entry: string, onInputs?: (inputs: string[]) => void): Promise<unknown>;
