import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../src/lib/paths.ts';

/** `cfdb watch` in the background, returned once it says it is watching. */
export async function startWatch(env: NodeJS.ProcessEnv): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'cfdb.js'), 'watch'], { env, cwd: repoRoot });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('watching')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', () => reject(new Error(`watch exited early:\n${output}`)));
  });
  return child;
}

/** The exit code of a child process, once it has exited (null when a signal ended it). */
export function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('close', resolve));
}
