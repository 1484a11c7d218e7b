import { SerialRunner } from '../src/lib/serial-runner.ts';

/** A task whose runs are counted and which finishes only when told to. */
function gatedTask(): { task: () => Promise<void>; runs: () => number; active: () => number; maxActive: () => number; open(): void } {
  let runs = 0;
  let active = 0;
  let maxActive = 0;
  let gate: () => void = () => undefined;
  let opened = false;
  return {
    task: async () => {
      runs++;
      active++;
      maxActive = Math.max(maxActive, active);
      if (!opened) await new Promise<void>((resolve) => (gate = resolve));
      active--;
    },
    runs: () => runs,
    active: () => active,
    maxActive: () => maxActive,
    open() {
      opened = true;
      gate();
    },
  };
}

/** Waits (boundedly) until the condition holds. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('SerialRunner', () => {
  test('a burst of requests becomes one run', async () => {
    const t = gatedTask();
    t.open();
    const runner = new SerialRunner(t.task, 20);
    for (let i = 0; i < 10; i++) runner.request();
    await until(() => t.runs() === 1);
    // Well past the quiet period: no second run follows.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await runner.close();
    expect(t.runs()).toBe(1);
  });

  test('requests during a run become exactly one more run, never a second run at the same time', async () => {
    const t = gatedTask();
    const runner = new SerialRunner(t.task, 5);
    runner.start();
    expect(t.active()).toBe(1);
    for (let i = 0; i < 5; i++) runner.start();
    runner.request();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(t.runs()).toBe(1);
    t.open();
    await until(() => t.runs() === 2 && t.active() === 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await runner.close();
    expect(t.runs()).toBe(2);
    expect(t.maxActive()).toBe(1);
  });

  test('close waits for the run in progress and drops what was pending', async () => {
    const t = gatedTask();
    const runner = new SerialRunner(t.task, 5);
    runner.start();
    runner.start();
    let closed = false;
    const closing = runner.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    t.open();
    await closing;
    runner.request();
    runner.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(t.runs()).toBe(1);
  });
});
