import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../src/lib/paths.ts';

/**
 * `cfdb dev` (or another long-running command, such as `serve`) running as a child process, as a person runs it, with its output
 * collected line by line so a caller can wait (boundedly) for the line a turn
 * of the loop prints.
 */
export class DevProcess {
  readonly lines: string[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  constructor(env: NodeJS.ProcessEnv, args: string[] = [], private readonly command = 'dev') {
    this.child = spawn(process.execPath, [join(repoRoot, 'bin', 'cfdb.js'), command, ...args], { env, cwd: repoRoot });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const text = partial + chunk.toString();
        const complete = text.split('\n');
        partial = complete.pop() ?? '';
        this.lines.push(...complete);
        this.notify();
      });
    }
    this.exited = new Promise((resolve) => this.child.on('close', (code) => {
      this.notify();
      resolve(code);
    }));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  /** The first line after the first `from` lines that matches, within timeoutMs; fails with everything printed so far. */
  async waitForLine(match: RegExp, from = 0, timeoutMs = 90_000): Promise<{ line: string; index: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex((line, i) => i >= from && match.test(line));
      const line = this.lines[index];
      if (line !== undefined) return { line, index };
      if (this.child.exitCode !== null) throw new Error(`cfdb ${this.command} exited (${this.child.exitCode}) before printing ${match}:\n${this.lines.join('\n')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`cfdb ${this.command} printed no line matching ${match} within ${timeoutMs} ms:\n${this.lines.join('\n')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next line a turn of the loop prints (applied, unchanged or failed), after the first `from` lines. */
  nextTurn(from: number, timeoutMs?: number): Promise<{ line: string; index: number }> {
    return this.waitForLine(/^dev: (current\.sql |\S*current\.sql:)/, from, timeoutMs);
  }

  /** Ctrl-C, and the exit code. */
  async interrupt(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    return this.exited;
  }
}
