import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../lib/process-alive.ts';
import { writeWhole } from '../lib/write-whole.ts';

/**
 * Who is using an embedded server, as files in its run folder beside the data folder:
 *
 *   users/<pid>-<n>      one per open handle: the process and its command line
 *   pinned               `cfdb db start` keeps the server (this postmaster pid) up until `cfdb db stop`
 *   stopping/<pid>-<n>   a handle being released, deciding whether it was the last user
 *
 * A user whose process is gone (kill -9) no longer counts, and its file is
 * removed when next read. Taking and releasing follow one order, so that a
 * server is never stopped under a user that has just arrived: a user writes
 * its file and then waits for every stopping flag to clear; a release raises
 * its flag and only then reads the users. Whichever comes second sees the other.
 */

export interface User {
  pid: number;
  command: string;
}

let sequence = 0;

export class Leases {
  constructor(readonly dir: string) {}

  /** Registers this process as a user; returns the file to hand back to drop(). */
  take(command: string): string {
    const user: User = { pid: process.pid, command };
    return this.write('users', JSON.stringify(user));
  }

  drop(file: string): void {
    rmSync(file, { force: true });
  }

  /** The users whose process still runs (other than the file given); the files of the others are removed. */
  users(except?: string): User[] {
    return this.entries('users')
      .filter((file) => file !== except)
      .flatMap((file) => {
        const user = readUser(file);
        return user ? [user] : [];
      });
  }

  pin(postmasterPid: number): void {
    writeWhole(join(this.dir, 'pinned'), String(postmasterPid));
  }

  unpin(): void {
    rmSync(join(this.dir, 'pinned'), { force: true });
  }

  /** Whether `db start` keeps the server up; a pin outlives neither its server nor a reboot. */
  pinned(): boolean {
    let pid: number;
    try {
      pid = Number(readFileSync(join(this.dir, 'pinned'), 'utf8'));
    } catch {
      return false;
    }
    if (isAlive(pid)) return true;
    this.unpin();
    return false;
  }

  raiseStopFlag(): string {
    return this.write('stopping', String(process.pid));
  }

  /** Whether another release is deciding to stop the server (flags of processes that are gone are removed). */
  stopping(): boolean {
    return this.entries('stopping').some((file) => {
      if (isAlive(pidOfName(file))) return true;
      rmSync(file, { force: true });
      return false;
    });
  }

  private write(folder: string, contents: string): string {
    const file = join(this.dir, folder, `${process.pid}-${++sequence}`);
    writeWhole(file, contents);
    return file;
  }

  private entries(folder: string): string[] {
    try {
      return readdirSync(join(this.dir, folder))
        .filter((name) => !name.endsWith('.partial'))
        .map((name) => join(this.dir, folder, name));
    } catch {
      return [];
    }
  }
}

/** The user in a file, or undefined after removing it when its process is gone. */
function readUser(file: string): User | undefined {
  let user: User;
  try {
    user = JSON.parse(readFileSync(file, 'utf8')) as User;
  } catch {
    // Removed by its owner while being read.
    return undefined;
  }
  if (isAlive(user.pid)) return user;
  rmSync(file, { force: true });
  return undefined;
}

function pidOfName(file: string): number {
  return Number(/(\d+)-\d+$/.exec(file)?.[1]);
}
