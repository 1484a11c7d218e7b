import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { closePools } from '../../src/migrate/graphile.ts';
import { readPathVariables, repoRoot } from '../../src/lib/paths.ts';
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
  return runNode([join(repoRoot, 'bin', 'cfdb.js'), ...args], env, repoRoot);
}

/** Runs `node <args>` in cwd to completion, capturing what it prints. */
export function runNode(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let inProcessRunning = false;

/**
 * Runs `cfdb <args>` inside this test process (src/cli.ts's runCli) with env
 * as its whole environment, capturing what it prints: the same result as
 * runCli without paying for a process, tsx and the CLI's modules on every
 * run. For tests about the command's behaviour; tests about the process
 * (signals, exit, locks or servers held across processes, its pid) use
 * runCli. One run at a time: stdout, stderr and process.env are this
 * process's own while it runs.
 */
export async function runCliInProcess(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  if (inProcessRunning) throw new Error('runCliInProcess: another in-process run has not finished; use runCli for runs at the same time.');
  inProcessRunning = true;
  // Loaded on the first run, so files that only spawn the CLI never load it.
  const { runCli: run } = await import('../../src/cli.ts');
  const savedEnv = process.env;
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const output = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      output[stream] += chunk.toString();
      return true;
    }) as typeof process.stdout.write;
  process.env = { ...env };
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const code = await run(args);
    return { code, ...output };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.env = savedEnv;
    // The run read the paths from its environment; the test file reads them from its own again.
    readPathVariables();
    // A spawned run's exit closes graphile-migrate's pools; here they would outlive the database the test drops.
    closePools();
    inProcessRunning = false;
  }
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
