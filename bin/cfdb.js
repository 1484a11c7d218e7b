#!/usr/bin/env node
// Runs the CLI compiled from src/ (bin/compiled.js rebuilds it after an edit), so there is no build step between an edit and a run.
import { importEntry } from './compiled.js';

// Stack traces name the TypeScript lines; only --verbose prints them, so only it pays for reading the source maps.
if (process.argv.includes('--verbose')) process.setSourceMapsEnabled(true);
const { runCli } = await importEntry('src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
// Watchers and pools may hold the event loop open; the command has finished, so leave.
process.exit();
