/**
 * Our peer of kysely-codegen's one file, as its own process: introspect,
 * emit src/generated/db.ts alone, write it. bench/generate.ts times it from
 * spawn to exit beside kysely-codegen, so start-up and module loading count.
 *
 *   node bin/run.js bench/run-db-types.ts <url> <output dir>
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withClient } from '../src/db/client.ts';
import { emitDbTypes } from '../src/emit/db-types.ts';
import { introspectSchema } from '../src/introspect/introspect.ts';

async function main(): Promise<void> {
  const [url, outDir] = process.argv.slice(2);
  if (!url || !outDir) throw new Error('usage: run-db-types.ts <url> <output dir>');
  const { contents } = emitDbTypes(await withClient(url, (client) => introspectSchema(client)));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'db.ts'), contents);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
