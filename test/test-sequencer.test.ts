import { estimatedMs, slowestFirst } from './setup/slowest-first.ts';

/** The order test files start in (test/setup/test-sequencer.ts): failed first, then the slowest. */

test('a file that starts processes, servers and generations is estimated slower than a bigger one of pure functions', () => {
  const pure = `test('x', () => expect(add(1, 2)).toBe(3));\n`.repeat(200);
  const heavy = `
    const dev = new DevProcess(env);
    const again = await runCli(['status'], env);
    copyInitialisedCluster(dir);
    await generateArtifacts(db.url);`;
  expect(heavy.length).toBeLessThan(pure.length);
  expect(estimatedMs(heavy)).toBeGreaterThan(estimatedMs(pure));
  // Each costly call counts: two spawns cost more than one.
  expect(estimatedMs(`${heavy}\nawait runCli(['db', 'stop'], env);`)).toBeGreaterThan(estimatedMs(heavy));
  // The in-process CLI is not a process.
  expect(estimatedMs("await runCliInProcess(['status'], env);")).toBeLessThan(estimatedMs("await runCli(['status'], env);"));
});

test('failed files come first, then the longest; equal ones keep their order', () => {
  const order = slowestFirst([
    { item: 'quick', failed: false, ms: 100 },
    { item: 'slow', failed: false, ms: 90_000 },
    { item: 'failed-quick', failed: true, ms: 10 },
    { item: 'middle-a', failed: false, ms: 5_000 },
    { item: 'middle-b', failed: false, ms: 5_000 },
    { item: 'failed-slow', failed: true, ms: 20_000 },
  ]);
  expect(order).toEqual(['failed-slow', 'failed-quick', 'slow', 'middle-a', 'middle-b', 'quick']);
});
