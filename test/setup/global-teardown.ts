import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.cfdbTestServer?.stop();
  if (globalThis.cfdbTestCacheDir) rmSync(globalThis.cfdbTestCacheDir, { recursive: true, force: true });
}
