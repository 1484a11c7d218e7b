/**
 * Jest runs the TypeScript sources as native ESM through ts-jest (transpile
 * only: `npm run typecheck` does the type checking). Every suite talks to a
 * real PostgreSQL started once in test/global-setup.ts.
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.js',
  globalTeardown: '<rootDir>/test/setup/global-teardown.js',
  // The slowest files first, from jest's cache or, without one (CI), an estimate: the workers finish together.
  testSequencer: '<rootDir>/test/setup/test-sequencer.js',
  testTimeout: 60_000,
  // Records each file's CPU when CFDB_TEST_CPU_DIR is set (npm run bench:suite); nothing otherwise.
  setupFilesAfterEnv: ['<rootDir>/test/setup/cpu-probe.ts'],
  // Two cores here: more workers than that only contend for the one server.
  maxWorkers: 2,
};
