import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { errorText, UserError } from '../lib/errors.ts';
import { repoRoot } from '../lib/paths.ts';
import { normalizeIgnoreComments } from './ignore-comments.ts';

/**
 * squawk, the migration linter whose binary ships in the squawk-cli npm
 * package (through a platform package such as @squawk-cli/linux-x64), run on
 * one file's text with the project's .squawk.toml.
 */

export const squawkConfigPath = join(repoRoot, '.squawk.toml');

export interface SquawkFinding {
  /** The file the text came from. */
  path: string;
  /** 1-based line. */
  line: number;
  rule: string;
  /** squawk's message and, where it gives one, what to do instead, on one line. */
  message: string;
}

/** squawk's JSON reporter: one object per finding, lines counted from 0. */
interface SquawkJson {
  line: number;
  rule_name: string;
  message: string;
  help: string | null;
}

function squawkBinary(): string {
  try {
    // squawk-cli's own lookup of the binary for this platform, so a fresh `npm ci` finds it.
    const { getBinaryPath } = createRequire(import.meta.url)('squawk-cli/js/index.js') as { getBinaryPath(): string };
    return getBinaryPath();
  } catch (error) {
    const reason = errorText(error).split('\n')[0] ?? '';
    throw new UserError(`cannot find the squawk binary (${reason}); run \`npm ci\` with optional dependencies included.`);
  }
}

/** Runs squawk on text given on stdin and returns its standard output. */
function squawk(args: string[], text: string, path: string): string {
  const { status, stdout, stderr, error } = spawnSync(squawkBinary(), [...args, '--stdin-filepath', path], {
    input: text,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (error) throw new UserError(`squawk could not run: ${errorText(error)}; run \`npm ci\` to reinstall it.`);
  // Exit code 1 only says there are findings; anything unparsable below is a real failure.
  if (status !== 0 && status !== 1) {
    throw new UserError(`squawk failed on ${path}: ${stderr.trim().split('\n')[0] || `exit code ${status}`}; check .squawk.toml.`);
  }
  return stdout;
}

/**
 * Lints one file's text. .squawk.toml assumes the text runs inside a
 * transaction; inTransaction: false lints without that assumption, as for a
 * `--! no-transaction` migration.
 */
export function runSquawk(path: string, text: string, options: { inTransaction: boolean }): SquawkFinding[] {
  const args = ['--config', squawkConfigPath, '--reporter', 'json', ...(options.inTransaction ? [] : ['--no-assume-in-transaction'])];
  const parsed = JSON.parse(squawk(args, normalizeIgnoreComments(text), path)) as SquawkJson[];
  return parsed.map((f) => ({
    path,
    line: f.line + 1,
    rule: f.rule_name,
    message: [f.message, f.help].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim(),
  }));
}

/** How many statements squawk's parser finds in the text (empty ones not counted). */
export function statementCount(path: string, text: string): number {
  const { stmts } = JSON.parse(squawk(['--debug', 'ast'], text, path)) as { stmts: { type: string }[] };
  return stmts.filter((s) => s.type !== 'EMPTY_STMT').length;
}
