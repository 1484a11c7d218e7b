import type { ColumnModel } from '../model/schema-model.ts';

/**
 * What node-postgres (pg 8, pg-types 2) hands back for a PostgreSQL value with
 * its default text-format type parsers, and what it accepts as a parameter.
 * db.ts states exactly this, so the mapping follows pg-types' registrations
 * (node_modules/pg-types/lib/textParsers.js) rather than what the SQL type
 * "means": int8 and numeric arrive as strings, numeric[] as numbers, and any
 * type without a registered parser arrives as its text form.
 */

/** The JavaScript value one PostgreSQL value (or one array element) becomes. */
export type JsScalar = 'string' | 'number' | 'boolean' | 'Date' | 'Json' | 'Buffer' | 'PgInterval' | 'PgPoint' | 'PgCircle';

export interface PgRuntimeShape {
  /** What the value, or each element of a parsed array, is at run time. */
  scalar: JsScalar;
  /** True when pg parses the value into a JS array. */
  array: boolean;
  /** The TypeScript type pg accepts for the whole value as a query parameter (null aside). */
  input: string;
  /** False when pg has no parser for the type, so the shape is the text fallback. */
  known: boolean;
  /** A surprise worth a line of JSDoc; undefined when there is none. */
  note?: string;
}

interface ScalarEntry {
  scalar: JsScalar;
  input: string;
  note?: string;
}

// pg sends numbers and bigints through toString(), so a lossless string is always accepted too.
const wideNumeric = 'string | number | bigint';
// pg formats a Date parameter itself; an ISO string is passed through untouched.
const dateInput = 'Date | string';
const text: ScalarEntry = { scalar: 'string', input: 'string' };
const number: ScalarEntry = { scalar: 'number', input: 'number' };

/** Base types by pg_type.typname. Everything absent is text (pg's fallback for types it does not parse). */
const scalars: Readonly<Record<string, ScalarEntry>> = {
  bool: { scalar: 'boolean', input: 'boolean' },
  bytea: { scalar: 'Buffer', input: 'Buffer' },
  circle: { scalar: 'PgCircle', input: 'string' },
  date: { scalar: 'Date', input: dateInput, note: 'pg parses a date as midnight in the Node process time zone.' },
  float4: number,
  float8: number,
  int2: number,
  int4: number,
  int8: { scalar: 'string', input: wideNumeric, note: 'int8 arrives as a string: it can exceed Number.MAX_SAFE_INTEGER.' },
  interval: { scalar: 'PgInterval', input: 'string' },
  json: { scalar: 'Json', input: 'JsonInput' },
  jsonb: { scalar: 'Json', input: 'JsonInput' },
  numeric: { scalar: 'string', input: wideNumeric, note: 'numeric arrives as a string so no precision is lost.' },
  oid: number,
  point: { scalar: 'PgPoint', input: 'string' },
  timestamp: {
    scalar: 'Date',
    input: dateInput,
    note: 'timestamp without time zone is read in the Node process time zone.',
  },
  timestamptz: { scalar: 'Date', input: dateInput },
  // Parsed by nothing, listed so they are not reported as unknown.
  bpchar: text,
  char: text,
  cidr: text,
  citext: text,
  inet: text,
  macaddr: text,
  money: text,
  name: text,
  text,
  time: text,
  timetz: text,
  uuid: text,
  varchar: text,
};

/**
 * Array types pg-types parses, by array typname, with the element scalar it
 * produces. Not always the element type's own scalar: pg parses numeric[]
 * with parseFloat.
 */
const arrays: Readonly<Record<string, { scalar: JsScalar; note?: string }>> = {
  _bool: { scalar: 'boolean' },
  _bpchar: { scalar: 'string' },
  _bytea: { scalar: 'Buffer' },
  _cidr: { scalar: 'string' },
  _date: { scalar: 'Date' },
  _float4: { scalar: 'number' },
  _float8: { scalar: 'number' },
  _inet: { scalar: 'string' },
  _int2: { scalar: 'number' },
  _int4: { scalar: 'number' },
  _int8: { scalar: 'string' },
  _interval: { scalar: 'PgInterval' },
  _json: { scalar: 'Json' },
  _jsonb: { scalar: 'Json' },
  _macaddr: { scalar: 'string' },
  _money: { scalar: 'string' },
  _numeric: { scalar: 'number', note: 'pg parses numeric[] elements with parseFloat: precision beyond a double is lost.' },
  _oid: { scalar: 'number' },
  _point: { scalar: 'PgPoint' },
  _text: { scalar: 'string' },
  _time: { scalar: 'string' },
  _timestamp: { scalar: 'Date' },
  _timestamptz: { scalar: 'Date' },
  _timetz: { scalar: 'string' },
  _uuid: { scalar: 'string' },
  _varchar: { scalar: 'string' },
};

/** Every base typname the mapping knows, sorted; the runtime test round-trips each. */
export const knownScalarTypeNames: readonly string[] = Object.keys(scalars).sort();
/** Every array typname pg parses into a JS array, sorted. */
export const knownArrayTypeNames: readonly string[] = Object.keys(arrays).sort();

function scalarEntry(typeName: string): ScalarEntry | undefined {
  return Object.hasOwn(scalars, typeName) ? scalars[typeName] : undefined;
}

/** `T[]`, parenthesised when T is a union. */
export function arrayOf(type: string): string {
  return type.includes(' ') ? `(${type})[]` : `${type}[]`;
}

type ColumnType = Pick<ColumnModel, 'typeName' | 'isArray' | 'elementTypeName'>;

/** How pg returns and accepts values of the column's type. */
export function pgRuntimeShape(column: ColumnType): PgRuntimeShape {
  if (column.isArray) {
    const elementName = column.elementTypeName ?? column.typeName.replace(/^_/, '');
    const elementInput = scalarEntry(elementName)?.input ?? 'string';
    const parsed = Object.hasOwn(arrays, column.typeName) ? arrays[column.typeName] : undefined;
    if (parsed) {
      const input = arrayOf(elementInput);
      return { scalar: parsed.scalar, array: true, input, known: true, ...(parsed.note ? { note: parsed.note } : {}) };
    }
    return {
      scalar: 'string',
      array: false,
      // pg still serialises a JS array parameter into an array literal.
      input: `string | ${arrayOf(elementInput)}`,
      known: false,
      note: `pg has no parser for ${elementName}[]: it arrives as the array literal text, e.g. '{a,b}'.`,
    };
  }
  const entry = scalarEntry(column.typeName);
  if (entry) return { scalar: entry.scalar, array: false, input: entry.input, known: true, ...(entry.note ? { note: entry.note } : {}) };
  return {
    scalar: 'string',
    array: false,
    input: 'string',
    known: false,
    note: `pg has no parser for ${column.typeName}: it arrives as text.`,
  };
}
