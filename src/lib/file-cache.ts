import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Bytes that are slow to compute and a pure function of a key, kept on disk
 * between processes: `npm start` run twice renders no diagram the second
 * time. One file per name (the newest key's), so the folder stays the size
 * of one generation. Best effort: a folder that cannot be read or written
 * only means computing again, and so does a file `valid` rejects.
 */
export async function cachedBytes(
  dir: string,
  name: string,
  key: string,
  compute: () => Promise<Uint8Array>,
  valid: (bytes: Uint8Array) => boolean = () => true,
): Promise<Uint8Array> {
  const file = `${name}.${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  try {
    const stored = new Uint8Array(readFileSync(join(dir, file)));
    if (valid(stored)) return stored;
  } catch {
    // Not cached yet.
  }
  const bytes = await compute();
  try {
    mkdirSync(dir, { recursive: true });
    // Written whole, then renamed: a reader never sees half a file.
    const partial = join(dir, `.${file}.${process.pid}`);
    writeFileSync(partial, bytes);
    renameSync(partial, join(dir, file));
    for (const older of readdirSync(dir)) {
      if (older !== file && older.startsWith(`${name}.`) && /^[0-9a-f]{32}$/.test(older.slice(name.length + 1))) {
        rmSync(join(dir, older), { force: true });
      }
    }
  } catch {
    // A read-only checkout still generates; it only renders every time.
  }
  return bytes;
}
