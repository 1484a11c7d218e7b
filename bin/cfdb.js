#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so there is no build step between an edit and a run.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
// Watchers and pools may hold the event loop open; the command has finished, so leave.
process.exit();
