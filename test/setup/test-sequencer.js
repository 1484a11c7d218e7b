// jest imports its sequencer without its transform; tsx (npm test passes --import tsx) loads the TypeScript.
export { default } from './test-sequencer.ts';
