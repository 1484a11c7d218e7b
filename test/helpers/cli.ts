import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/lib/paths.ts';
import { makeTempDir } from './temp-dir.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a CLI run: no inherited DATABASE_URL family unless given. */
export function cliEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'SHADOW_DATABASE_URL', 'ROOT_DATABASE_URL', 'CFDB_MIGRATIONS_DIR']) delete env[key];
  return { ...env, ...extra };
}

/** Runs `cfdb <args>` as a user would, to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'cfdb.js'), ...args], { env, cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs `cfdb <args>` on a terminal of its own (util-linux `script` gives it a
 * pseudo-terminal), typing input as a person would. Output comes back as the
 * terminal shows it, stdout and stderr together, without colour or cursor codes.
 */
export function runCliOnTerminal(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, join(repoRoot, 'bin', 'cfdb.js'), ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env, cwd: repoRoot });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    // eslint-disable-next-line no-control-regex
    child.on('close', (code) => resolve({ code, output: output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '') }));
    child.stdin.end(input);
  });
}

/** A private copy of the checkout's migrations folder, for tests that edit migrations; removed after the test file. */
export function copyMigrations(): string {
  const dir = makeTempDir('cfdb-migrations');
  cpSync(join(repoRoot, 'migrations'), dir, { recursive: true });
  return dir;
}

/** The lines a run printed on stderr that report a failure (progress lines are prefixed by the command name). */
export function failureLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line.startsWith('cfdb '));
}
