/**
 * A duration for people, the one format every message uses: whole
 * milliseconds under a second ("640 ms"), else seconds to a tenth without a
 * trailing ".0" ("1 s", "1.4 s", "300 s").
 */
export function formatDuration(ms: number): string {
  const wholeMs = Math.round(ms);
  if (wholeMs < 1000) return `${wholeMs} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}
