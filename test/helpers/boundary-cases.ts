import { parseCheck, type CheckExpression, type Operand } from '../../src/model/check-expressions.ts';
import { isInsertable } from '../../src/emit/column-writes.ts';
import { numericTypmod } from '../../src/emit/zod-checks.ts';
import type { ColumnModel, TableModel } from '../../src/model/schema-model.ts';

/**
 * Boundary inputs for one table, derived from its model (columns, types,
 * value sets, length limits, CHECK expressions), so a new column or check
 * gets cases without editing a list. Each case changes a valid row (the
 * fixture's) in one way; what the database and the validator must then agree
 * on is whether it is accepted. Values stay within db.ts's insert types (an
 * integer column is never given a string), since only those reach a validator.
 */

export type Row = Record<string, unknown>;

export interface BoundaryCase {
  what: string;
  vary(row: Row): Row;
}

const set =
  (column: string, value: unknown) =>
  (row: Row): Row => ({ ...row, [column]: value });

const omit =
  (column: string) =>
  (row: Row): Row => {
    const copy = { ...row };
    delete copy[column];
    return copy;
  };

const show = (value: unknown): string => {
  const text = typeof value === 'bigint' ? `${value}n` : JSON.stringify(value) ?? String(value);
  const chars = [...text];
  return chars.length > 40 ? `${chars.slice(0, 20).join('')}…(${[...String(value)].length} chars)` : text;
};

function valueCase(column: string, value: unknown): BoundaryCase {
  return { what: `${column} = ${show(value)}`, vary: set(column, value) };
}

/** Every operand and constant of the checks on a column, walked once. */
function* walk(expression: CheckExpression): Generator<CheckExpression> {
  yield expression;
  if (expression.kind === 'and' || expression.kind === 'or') for (const arg of expression.args) yield* walk(arg);
  if (expression.kind === 'not') yield* walk(expression.arg);
  if (expression.kind === 'same') {
    yield* walk(expression.left);
    yield* walk(expression.right);
  }
}

function constantsAgainst(expressions: readonly CheckExpression[], column: string, operandKind: Operand['kind']): string[] {
  const found: string[] = [];
  for (const expression of expressions.flatMap((e) => [...walk(e)])) {
    if (expression.kind !== 'compare') continue;
    const sides = [expression.left, expression.right];
    const onColumn = sides.some((side) => side.kind === operandKind && 'column' in side && side.column === column);
    for (const side of sides) if (onColumn && (side.kind === 'number' || side.kind === 'text')) found.push(side.value);
  }
  return found;
}

const tricky = [' ', '\t', '\n', '\u00a0', '\u0085', '\ufeff', '€', '😀', '@', '.', '/', 'A', '-'];

function textCases(column: ColumnModel, checks: readonly CheckExpression[]): BoundaryCase[] {
  const { name } = column;
  const cases: BoundaryCase[] = ['', 'x', ' ', '  padded  ', 'a\u0000b'].map((value) => valueCase(name, value));
  const limits = [...constantsAgainst(checks, name, 'char_length').map(Number), ...(column.maxLength === undefined ? [] : [column.maxLength])];
  for (const limit of new Set(limits)) {
    for (const length of [limit - 1, limit, limit + 1].filter((n) => n >= 0)) {
      cases.push(valueCase(name, '€'.repeat(length)), valueCase(name, '😀'.repeat(length)));
      // The fixture's own value grown to the length, so a column with a pattern meets the limit too.
      cases.push({
        what: `${name} = its valid value padded to ${length} characters`,
        vary: (row) => {
          const value = typeof row[name] === 'string' ? row[name] : 'x';
          const chars = [...value];
          const last = chars.at(-1) ?? 'x';
          return { ...row, [name]: chars.length >= length ? chars.slice(0, length).join('') : value + last.repeat(length - chars.length) };
        },
      });
    }
  }
  for (const constant of constantsAgainst(checks, name, 'column').concat(constantsAgainst(checks, name, 'btrim'))) {
    cases.push(valueCase(name, constant), valueCase(name, `${constant}x`), valueCase(name, ` ${constant} `));
  }
  for (const value of column.valueSet?.values ?? []) cases.push(valueCase(name, value), valueCase(name, value.toLowerCase()));
  if (column.valueSet) cases.push(valueCase(name, 'NotInTheSet'));
  if (checks.some((check) => [...walk(check)].some((e) => e.kind === 'match' && e.column === name))) {
    for (const char of tricky) {
      cases.push(
        { what: `${name} with ${show(char)} first`, vary: (row) => ({ ...row, [name]: `${char}${String(row[name])}` }) },
        { what: `${name} with ${show(char)} last`, vary: (row) => ({ ...row, [name]: `${String(row[name])}${char}` }) },
        {
          what: `${name} with ${show(char)} in the middle`,
          vary: (row) => {
            const value = String(row[name]);
            const middle = Math.floor(value.length / 2);
            return { ...row, [name]: `${value.slice(0, middle)}${char}${value.slice(middle)}` };
          },
        },
      );
    }
  }
  return cases;
}

function decimalCases(column: ColumnModel, checks: readonly CheckExpression[]): BoundaryCase[] {
  const { name } = column;
  const { precision, scale } = numericTypmod(column);
  const values: unknown[] = ['0', '1', '-1', '0.001', '-0.001', '0.004', '0.005', '-0.005', '1.005', '2.5', 1, 1.5, 5n, 'abc', '', '1.2.3'];
  for (const constant of constantsAgainst(checks, name, 'column')) values.push(constant, `${constant}.01`, `-${constant}.01`.replace('--', ''));
  if (column.typeName === 'int8') {
    values.push('9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', 2 ** 53, 0.5);
  } else if (precision !== undefined) {
    const whole = '9'.repeat(precision - (scale ?? 0));
    const fraction = '9'.repeat(scale ?? 0);
    const one = `1${'0'.repeat(precision - (scale ?? 0))}`;
    values.push(`${whole}.${fraction}`, `-${whole}.${fraction}`, `${one}.${'0'.repeat(scale ?? 0)}`, `${whole}.${fraction}4`, `${whole}.${fraction}5`, Number(`${whole}.${fraction}`));
  }
  return values.map((value) => valueCase(name, value));
}

function numberCases(column: ColumnModel, checks: readonly CheckExpression[]): BoundaryCase[] {
  const { name } = column;
  const bounds: Record<string, [number, number]> = { int2: [-32768, 32767], int4: [-2147483648, 2147483647] };
  const values: number[] = [0, 1.5];
  const range = bounds[column.typeName];
  if (range) values.push(range[0], range[0] - 1, range[1], range[1] + 1);
  for (const constant of constantsAgainst(checks, name, 'column').map(Number)) values.push(constant - 1, constant, constant + 1);
  return [...new Set(values)].map((value) => valueCase(name, value));
}

/** Both sides of a comparison between two time columns: equal, one second either way. */
function timeCases(column: ColumnModel, checks: readonly CheckExpression[]): BoundaryCase[] {
  const { name } = column;
  const cases = [valueCase(name, 'not a time'), valueCase(name, '2026-02-30T00:00:00Z')];
  for (const expression of checks.flatMap((e) => [...walk(e)])) {
    if (expression.kind !== 'compare' || expression.left.kind !== 'column' || expression.right.kind !== 'column') continue;
    const { left, right } = expression;
    if (left.column !== name) continue;
    for (const offset of [-1000, 0, 1000]) {
      cases.push({
        what: `${name} ${offset === 0 ? 'equal to' : offset < 0 ? 'a second before' : 'a second after'} ${right.column}`,
        vary: (row) => {
          const anchor = typeof row[name] === 'string' ? row[name] : new Date().toISOString();
          const other = new Date(Date.parse(anchor) - offset).toISOString();
          return { ...row, [name]: anchor, [right.column]: other };
        },
      });
    }
  }
  return cases;
}

function typeCases(column: ColumnModel, checks: readonly CheckExpression[]): BoundaryCase[] {
  switch (column.typeName) {
    case 'text':
    case 'varchar':
    case 'citext':
      return textCases(column, checks);
    case 'numeric':
    case 'int8':
      return decimalCases(column, checks);
    case 'int2':
    case 'int4':
      return numberCases(column, checks);
    case 'timestamptz':
    case 'timestamp':
      return timeCases(column, checks);
    case 'jsonb':
    case 'json':
      return ['{"a":1}', 'not json', '', 'null', 7, true, { nested: [1, 'two'] }].map((value) => valueCase(column.name, value));
    case 'uuid':
      return ['not-a-uuid', '0000'].map((value) => valueCase(column.name, value));
    case 'inet':
      return ['198.51.100.1', '198.51.100.0/24', '::1', '2001:db8::1', 'not-an-ip', '256.1.1.1'].map((value) => valueCase(column.name, value));
    case 'bool':
      return [true, false].map((value) => valueCase(column.name, value));
    default:
      return [];
  }
}

/** Cases for checks of several columns: all of them NULL at once (each alone is a column's null case). */
function multiColumnCases(table: TableModel, insertable: ReadonlySet<string>): BoundaryCase[] {
  return table.checks
    .filter((check) => check.columns.length > 1 && check.columns.every((column) => insertable.has(column)))
    .map((check) => ({
      what: `${check.columns.join(' and ')} all null (${check.name})`,
      vary: (row: Row) => Object.fromEntries([...Object.entries(row), ...check.columns.map((column) => [column, null])]),
    }));
}

/**
 * Every case for the insertable columns of `table`, the unchanged row first.
 * A column no insert may set (generated, identity always, `@behavior -insert`)
 * is not an input and gets none: the parity test proves its refusal apart.
 */
export function boundaryCases(table: TableModel): BoundaryCase[] {
  const checksOf = (column: ColumnModel): CheckExpression[] =>
    table.checks
      .filter((check) => check.columns.includes(column.name))
      .map((check) => parseCheck(check.definition))
      .filter((check) => check !== undefined);
  const insertable = table.columns.filter(isInsertable);
  return [
    { what: 'the valid row', vary: (row) => row },
    ...insertable.flatMap((column) => {
      return [valueCase(column.name, null), { what: `${column.name} left out`, vary: omit(column.name) }, ...typeCases(column, checksOf(column))];
    }),
    ...multiColumnCases(table, new Set(insertable.map((column) => column.name))),
  ];
}
