import { formatDuration } from '../src/lib/duration.ts';

/** The one duration format of every message (dev loop, deploy lock, seed, generate, start, stage timings). */
describe('formatDuration', () => {
  test('under a second: whole milliseconds', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(640.4)).toBe('640 ms');
    expect(formatDuration(999.4)).toBe('999 ms');
  });

  test('from a second: seconds to a tenth, with no trailing ".0"', () => {
    expect(formatDuration(999.6)).toBe('1 s');
    expect(formatDuration(1000)).toBe('1 s');
    expect(formatDuration(1449.6)).toBe('1.4 s');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(32_540)).toBe('32.5 s');
    expect(formatDuration(300_000)).toBe('300 s');
  });
});
