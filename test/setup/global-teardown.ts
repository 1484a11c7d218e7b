import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeRunTempDir, RUN_CACHE } from './run-temp-dir.ts';

export default async function globalTeardown(): Promise<void> {
  await globalThis.cfdbTestServer?.stop();
  const dir = globalThis.cfdbTestTempDir;
  if (!dir) return;
  rmSync(join(dir, RUN_CACHE), { recursive: true, force: true });
  const left = removeRunTempDir(dir);
  // Every test removes the folders it makes; one that does not fails the run instead of filling the temp dir.
  if (left.length > 0) throw new Error(`tests left ${left.length} temp folders behind (${left.join(', ')}); make each with makeTempDir (test/helpers/temp-dir.ts), which removes it after its test file.`);
}
