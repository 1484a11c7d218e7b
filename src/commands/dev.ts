import { DevCycle } from '../dev/cycle.ts';
import { describeCycle } from '../dev/report.ts';
import { log } from '../lib/log.ts';
import { describeError } from '../lib/errors.ts';
import { currentMigrationPath, displayPath, domainsPath, outputRoot } from '../lib/paths.ts';
import { SerialRunner } from '../lib/serial-runner.ts';
import { migrate } from '../migrate/graphile.ts';
import { watchPath } from '../lib/watch-file.ts';
import { reloadDomains } from '../model/domains.ts';
import type { Command } from './command.ts';
import { untilInterrupted, withLoop } from './session.ts';

/** Reads the saved domain map: true when it was read, undefined (after saying why) when it has a mistake. */
function reloadedDomains(): true | undefined {
  try {
    reloadDomains();
    return true;
  } catch (error) {
    log.error(`dev: ${describeError(error)} — generated files left as they were; fix it and save again`);
    return undefined;
  }
}

/** Editors save in bursts (truncate, write, rename); one turn starts this long after the last event. */
const QUIET_MS = 40;

export const devCommand: Command = {
  name: 'dev',
  summary: 'the development loop: apply pending migrations, then on every save of migrations/current.sql apply it and regenerate every artifact',
  usage: 'cfdb dev [--timings]',
  details: [
    'Each turn prints one line: what was applied, which generated files changed and how long it took, in three',
    'phases each written as soon as it is ready: the types, DDL and docs, then the GraphQL SDL and its types, then',
    'the diagrams. An error in current.sql is reported with its file:line and leaves the generated files as they',
    'were; save a fixed file to carry on. A failed GraphQL or diagrams phase leaves the phases before it written.',
    'Saving the domain map (src/model/domains.json5, which the ERD and docs are grouped by) regenerates too.',
    '--timings adds the time of each stage to that line. Stop with Ctrl-C; the embedded server stops with it and keeps its data.',
    'One loop per database: a second `dev` or `watch` on the same database refuses, naming the one that runs.',
  ],
  options: { timings: { type: 'boolean' } },
  async run(values) {
    await withLoop('dev', {}, async (connections, settings) => {
      await migrate(settings);
      // Its first turn runs current.sql whatever ran before, so it also lands on top of migrations that just arrived.
      const cycle = await DevCycle.open(connections, outputRoot);
      try {
        // A saved domain map is read again at the start of the next turn, which then regenerates everything.
        let domainsSaved = false;
        const runner = new SerialRunner(async () => {
          const reloaded = domainsSaved && reloadedDomains();
          domainsSaved = false;
          if (reloaded === undefined) return;
          if (reloaded) cycle.regenerateNextTurn();
          const report = await cycle.run();
          const line = `dev: ${reloaded ? `${displayPath(domainsPath)} reloaded; ` : ''}${describeCycle(report, values.timings === true)}`;
          if (report.outcome === 'failed') log.error(line);
          else log.info(line);
        }, QUIET_MS);
        const watches = [
          watchPath(currentMigrationPath, () => runner.request()),
          watchPath(domainsPath, () => {
            domainsSaved = true;
            runner.request();
          }),
        ];
        const polling = watches.some((w) => w.mode === 'polling') ? ' (polling)' : '';
        log.info(`dev: watching ${displayPath(currentMigrationPath)} and ${displayPath(domainsPath)}${polling}; Ctrl-C to stop`);
        runner.start();
        await untilInterrupted('dev');
        watches.forEach((w) => w.close());
        await runner.close();
      } finally {
        await cycle.close();
      }
    });
  },
};
