/**
 * The helpers every generated zod.ts imports: base schemas for the
 * PostgreSQL types (accepting what db.ts accepts) and SQL's three-valued
 * logic, in which a CHECK fails only when its condition is false, not when it
 * is null. One module, shipped with the package beside zod.ts
 * (@creativeflow/db/zod imports it), so the generated file carries no copy.
 */
import { z } from 'zod';

/** A CHECK's condition under SQL's three-valued logic: null (unknown) passes, only false fails. */
export type Truth = boolean | null;

export const and = (...values: Truth[]): Truth => (values.includes(false) ? false : values.includes(null) ? null : true);
export const or = (...values: Truth[]): Truth => (values.includes(true) ? true : values.includes(null) ? null : false);
export const not = (value: Truth): Truth => (value === null ? null : !value);
/** (a) = (b) between two conditions. */
export const same = (a: Truth, b: Truth): Truth => (a === null || b === null ? null : a === b);
export const passes = (value: Truth): boolean => value !== false;

export type Operator = '=' | '<>' | '<' | '<=' | '>' | '>=';
/** The comparison given the sign of a - b, or null when either side was null. */
export function holds(operator: Operator, order: number | null): Truth {
  if (order === null) return null;
  switch (operator) {
    case '=':
      return order === 0;
    case '<>':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

export const orderNumber = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.sign(a - b));

/** Text compares by code point, as under the C collation (UTF-8 byte order). */
export function orderText(a: string | null, b: string | null): number | null {
  if (a === null || b === null) return null;
  const x = [...a].map((c) => c.codePointAt(0) ?? 0);
  const y = [...b].map((c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return Math.sign((x[i] ?? 0) - (y[i] ?? 0));
  return Math.sign(x.length - y.length);
}

export const toTime = (value: Date | string): number => (value instanceof Date ? value : new Date(value)).getTime();
export const orderTime = (a: Date | string | null, b: Date | string | null): number | null =>
  a === null || b === null ? null : Math.sign(toTime(a) - toTime(b));

/** char_length(): characters are code points, not UTF-16 units. */
export const charLength = (value: string | null): number | null => (value === null ? null : [...value].length);
/** btrim() with one argument trims spaces only. */
export function btrim(value: string | null): string | null {
  if (value === null) return null;
  let start = 0;
  let end = value.length;
  while (start < end && value[start] === ' ') start++;
  while (end > start && value[end - 1] === ' ') end--;
  return value.slice(start, end);
}
export const matches = (value: string | null, pattern: RegExp): Truth => (value === null ? null : pattern.test(value));

export type Decimal = string | number | bigint;
/** A plain decimal, optionally with an exponent: the numeric spellings this validator accepts (PostgreSQL also takes NaN, Infinity, 0x…, 1_000). */
export const decimalSyntax = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The digits, the sign and where the decimal point falls; undefined for anything but a finite decimal. */
export function decimalParts(value: Decimal): { negative: boolean; digits: string; point: number } | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  const match = decimalSyntax.exec(String(value));
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match ?? [];
  if (!match || whole + fraction === '') return undefined;
  return { negative: sign === '-', digits: whole + fraction, point: whole.length + Number(exponent) };
}

/** The value in units of 10^-scale, rounded half away from zero as PostgreSQL rounds to a column's scale. */
export function decimalUnits(value: Decimal, scale: number): bigint | undefined {
  const parts = decimalParts(value);
  if (!parts) return undefined;
  const shift = scale - (parts.digits.length - parts.point);
  let units: bigint;
  if (shift >= 0) units = BigInt(parts.digits) * 10n ** BigInt(shift);
  else {
    const kept = parts.digits.slice(0, Math.max(0, parts.digits.length + shift));
    const next = parts.digits[parts.digits.length + shift] ?? '0';
    units = BigInt(kept === '' ? '0' : kept) + (next >= '5' ? 1n : 0n);
  }
  return parts.negative ? -units : units;
}

/** How many fraction digits the value has as written: its exact scale. */
export function exactScale(value: Decimal): number {
  const parts = decimalParts(value);
  return parts ? Math.max(0, parts.digits.length - parts.point) : 0;
}

/** Compares two decimals, each rounded to its scale first (undefined: exact, as an unconstrained numeric). */
export function orderDecimal(a: Decimal | null, aScale: number | undefined, b: Decimal | null, bScale: number | undefined): number | null {
  if (a === null || b === null) return null;
  const scaleA = aScale ?? exactScale(a);
  const scaleB = bScale ?? exactScale(b);
  const scale = Math.max(scaleA, scaleB);
  const x = decimalUnits(a, scaleA);
  const y = decimalUnits(b, scaleB);
  if (x === undefined || y === undefined) return null;
  const difference = x * 10n ** BigInt(scale - scaleA) - y * 10n ** BigInt(scale - scaleB);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** numeric(precision, scale): after rounding to the scale, at most precision digits. */
export function fitsNumeric(value: Decimal, precision: number | undefined, scale: number | undefined): boolean {
  const units = decimalUnits(value, scale ?? exactScale(value));
  if (units === undefined) return false;
  return precision === undefined || (units < 0n ? -units : units) < 10n ** BigInt(precision);
}

export function isInt8(value: Decimal): boolean {
  const text = String(value);
  if (!/^[+-]?\d+$/.test(text)) return false;
  const n = BigInt(text);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

export const decimalInput = z.union([z.string(), z.number(), z.bigint()]);
export const numeric = <T extends Decimal>(schema: z.ZodType<T>, precision?: number, scale?: number) =>
  schema.refine((value) => fitsNumeric(value, precision, scale), { message: 'Expected a decimal that fits the column’s precision and scale' });
export const int8 = <T extends Decimal>(schema: z.ZodType<T>) => schema.refine(isInt8, { message: 'Expected an integer in the range of bigint' });
export const integer = (min: number, max: number) => z.number().int().min(min).max(max);

/** PostgreSQL text cannot hold U+0000. */
export const text = z.string().refine((value) => !value.includes('\u0000'), { message: 'PostgreSQL text cannot contain U+0000' });
export const uuid = z.guid();
export const inet = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);
/** pg sends a Date itself; a string goes through as it is, so only an ISO 8601 time with its offset is accepted. */
export const timeInput = z.union([z.date(), z.iso.datetime({ offset: true })]);
export const isJsonText = (value: string): boolean => {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
};
/** db.ts's JsonInput: an object, a number, a boolean, or a string of JSON text (an array would go as a PostgreSQL array). */
export const jsonInput = z.union([
  z.record(z.string(), z.json()),
  z.number(),
  z.boolean(),
  z.string().refine(isJsonText, { message: 'Expected JSON text' }),
]);
