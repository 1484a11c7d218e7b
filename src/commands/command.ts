import type { ParseArgsConfig } from 'node:util';

export type OptionValues = Record<string, string | boolean | undefined>;

/** One CLI command: its help text, its flags, and what it does. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Further help lines printed under the usage. */
  details?: string[];
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Whether it takes words after its name (a subcommand, or arguments after `--`). */
  positionals?: boolean;
  run(values: OptionValues, positionals: string[]): Promise<void>;
}
