import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How a cached value is stored: decode returns undefined for bytes it does not recognise. */
export interface Codec<T> {
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T | undefined;
}

/** Bytes stored as they are. */
export const bytesCodec: Codec<Uint8Array> = { encode: (bytes) => bytes, decode: (bytes) => bytes };

/**
 * A value that is slow to compute and a pure function of a key, kept on
 * disk between processes: `npm start` run twice renders no diagram the
 * second time. One file per name (the newest key's), so the folder stays the
 * size of one generation. Best effort: a folder that cannot be read or
 * written only means computing again, and a file the codec does not
 * recognise is computed again and replaced.
 */
export async function cached<T>(dir: string, name: string, key: string, compute: () => Promise<T>, codec: Codec<T>): Promise<T> {
  const file = `${name}.${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  try {
    const stored = codec.decode(new Uint8Array(readFileSync(join(dir, file))));
    if (stored !== undefined) return stored;
  } catch {
    // Not cached yet.
  }
  const value = await compute();
  try {
    mkdirSync(dir, { recursive: true });
    // Written whole, then renamed: a reader never sees half a file.
    const partial = join(dir, `.${file}.${process.pid}`);
    writeFileSync(partial, codec.encode(value));
    renameSync(partial, join(dir, file));
    for (const older of readdirSync(dir)) {
      if (older !== file && older.startsWith(`${name}.`) && /^[0-9a-f]{32}$/.test(older.slice(name.length + 1))) {
        rmSync(join(dir, older), { force: true });
      }
    }
  } catch {
    // A read-only checkout still generates; it only computes every time.
  }
  return value;
}
