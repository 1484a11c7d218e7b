#!/usr/bin/env node
// `node bin/run.js <entry.ts> [args…]` runs a TypeScript entry point of this repository (a benchmark's child process, say) the way bin/cfdb.js runs
// the CLI: compiled by bin/compiled.js. The entry sees its own arguments at process.argv.slice(2), as under `node --import tsx <entry.ts>`.
import { relative, resolve } from 'node:path';
import { importEntry, repoRoot } from './compiled.js';

const [entry] = process.argv.splice(2, 1);
if (!entry) throw new Error('usage: node bin/run.js <entry.ts> [args…]');
await importEntry(relative(repoRoot, resolve(entry)).split('\\').join('/'));
