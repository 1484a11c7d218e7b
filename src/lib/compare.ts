/** Code-point order, so sorted output does not depend on the machine's locale (unlike localeCompare). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
