import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { UserError } from '../lib/errors.ts';
import { API_FILES, type ApiFiles } from './report.ts';

/**
 * The API files as a git ref of the repository at dir holds them: what
 * `check --against <ref>` compares with. A ref that does not exist is an
 * error; a file the ref does not have is left out (nothing to break yet).
 */
const git = (dir: string, args: string[]): string =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });

/** True when dir is the top of a git work tree (not merely inside one: a test's copy of the tree in a temp folder is not). */
export function isGitRepository(dir: string): boolean {
  try {
    return realpathSync(git(dir, ['rev-parse', '--show-toplevel']).trim()) === realpathSync(dir);
  } catch {
    return false;
  }
}

export function apiFilesAt(dir: string, ref: string): ApiFiles {
  try {
    git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new UserError(`--against ${ref}: no such commit in the git repository at ${dir}; fetch it first (e.g. \`git fetch origin main\`) or name another ref.`);
  }
  const files: ApiFiles = new Map();
  for (const path of API_FILES) {
    try {
      git(dir, ['cat-file', '-e', `${ref}:${path}`]);
    } catch {
      continue;
    }
    files.set(path, git(dir, ['show', `${ref}:${path}`]));
  }
  return files;
}
