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
