/**
 * The one comparator of the project. Code-point order, so sorted output does
 * not depend on the machine's locale (unlike localeCompare).
 */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders items by the text key(item), in compareNames order. */
export function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareNames(key(a), key(b));
}

/** Orders objects by their name. */
export const byName: (a: { name: string }, b: { name: string }) => number = byKey((item) => item.name);
