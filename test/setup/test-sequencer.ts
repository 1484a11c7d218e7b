import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Test } from '@jest/test-result';
import { estimatedMs, slowestFirst } from './slowest-first.ts';

// Required, not imported: jest may load this file as ESM or (through tsx) as CommonJS, and a default
// import of a CommonJS module means its exports object in one and their default in the other.
const { default: Sequencer } = createRequire(import.meta.url)('@jest/test-sequencer') as typeof import('@jest/test-sequencer');

/** jest's own cache entry: [0 failed | 1 passed, milliseconds]. */
const FAILED = 0;

/** jest's sequencer with an estimate where its cache has no time for a file (see slowest-first.ts). */
export default class SlowestFirstSequencer extends Sequencer {
  override sort(tests: Test[]): Test[] {
    return slowestFirst(
      tests.map((test) => {
        const cached = this._getCache(test)[test.path];
        // As jest does: the cached time, which also tells it whether the files are fast enough to run in band.
        test.duration = cached?.[1];
        return { item: test, failed: cached?.[0] === FAILED, ms: cached?.[1] ?? estimatedMs(readFileSync(test.path, 'utf8')) };
      }),
    );
  }
}
