import type { CheckExpression, Constant, Operand } from '../model/check-expressions.ts';
import type { ColumnModel } from '../model/schema-model.ts';
import { translatePgRegex } from './pg-regex.ts';

/**
 * One parsed CHECK → a TypeScript expression of type Truth (zod-runtime.ts)
 * over the values of its columns, or the reason it cannot be. Comparisons
 * follow the column's type as db.ts represents it: numbers, decimal strings
 * rounded to the column's scale, code-point text, times.
 */

export type CompiledCheck = { code: string } | { untranslatable: string };

/** How values of a column compare. */
type Domain = { kind: 'number' } | { kind: 'decimal'; scale?: number } | { kind: 'text' } | { kind: 'time' } | { kind: 'other'; type: string };

/** numeric(p,s) → p and s; numeric → neither. */
export function numericTypmod(column: Pick<ColumnModel, 'type'>): { precision?: number; scale?: number } {
  const open = column.type.indexOf('(');
  if (open < 0) return {};
  const [precision, scale = '0'] = column.type.slice(open + 1, -1).split(',');
  return { precision: Number(precision), scale: Number(scale) };
}

function domainOf(column: ColumnModel): Domain {
  if (column.isArray) return { kind: 'other', type: column.type };
  switch (column.typeName) {
    case 'int2':
    case 'int4':
    case 'float4':
    case 'float8':
      return { kind: 'number' };
    case 'int8':
      return { kind: 'decimal', scale: 0 };
    case 'numeric': {
      const { scale } = numericTypmod(column);
      return scale === undefined ? { kind: 'decimal' } : { kind: 'decimal', scale };
    }
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'citext':
      return { kind: 'text' };
    case 'timestamptz':
    case 'timestamp':
    case 'date':
      return { kind: 'time' };
    default:
      return { kind: 'other', type: column.type };
  }
}

/** The TypeScript type a compiled check takes for the column's value (null aside): wide enough for the row and the input side. */
export function checkValueType(column: ColumnModel): string {
  switch (domainOf(column).kind) {
    case 'number':
      return 'number';
    case 'decimal':
      return 'Decimal';
    case 'text':
      return 'string';
    case 'time':
      return 'Date | string';
    case 'other':
      return 'unknown';
  }
}

class Untranslatable extends Error {}

/** What one operand compiles to: its code and how it compares (undefined for a constant, which takes the other side's). */
interface Compiled {
  code: string;
  domain?: Domain;
  constant?: Constant;
}

export class CheckCompiler {
  constructor(
    private readonly columns: ReadonlyMap<string, ColumnModel>,
    /** The TypeScript expression for a column's value, null when absent. */
    private readonly access: (column: string) => string,
  ) {}

  compile(expression: CheckExpression): CompiledCheck {
    try {
      return { code: this.expression(expression) };
    } catch (error) {
      if (error instanceof Untranslatable) return { untranslatable: error.message };
      throw error;
    }
  }

  private column(name: string): ColumnModel {
    const column = this.columns.get(name);
    if (!column) throw new Untranslatable(`the column ${name} is not in the table`);
    return column;
  }

  private expression(expression: CheckExpression): string {
    switch (expression.kind) {
      case 'and':
      case 'or':
        return `${expression.kind}(${expression.args.map((arg) => this.expression(arg)).join(', ')})`;
      case 'not':
        return `not(${this.expression(expression.arg)})`;
      case 'same':
        return `same(${this.expression(expression.left)}, ${this.expression(expression.right)})`;
      case 'null-test':
        this.column(expression.column);
        return `(${this.access(expression.column)} ${expression.isNull ? '===' : '!=='} null)`;
      case 'compare':
        return this.compare(expression.operator, expression.left, expression.right);
      case 'in':
        return `or(${expression.values.map((value) => this.compare('=', expression.operand, value)).join(', ')})`;
      case 'match':
        return this.match(expression);
      case 'untranslatable':
        throw new Untranslatable(expression.reason);
    }
  }

  private match(expression: Extract<CheckExpression, { kind: 'match' }>): string {
    if (domainOf(this.column(expression.column)).kind !== 'text') throw new Untranslatable(`a regular expression match on ${expression.column}, which is not text`);
    const translated = translatePgRegex(expression.pattern);
    if ('untranslatable' in translated) throw new Untranslatable(`the regular expression: ${translated.untranslatable}`);
    const flags = expression.caseInsensitive ? 'isu' : 'su';
    const test = `matches(${this.access(expression.column)}, /${translated.source}/${flags})`;
    return expression.negated ? `not(${test})` : test;
  }

  private operand(operand: Operand): Compiled {
    switch (operand.kind) {
      case 'column':
        return { code: this.access(operand.column), domain: domainOf(this.column(operand.column)) };
      case 'char_length':
      case 'btrim': {
        if (domainOf(this.column(operand.column)).kind !== 'text') throw new Untranslatable(`${operand.kind}() of ${operand.column}, which is not text`);
        const code = `${operand.kind === 'char_length' ? 'charLength' : 'btrim'}(${this.access(operand.column)})`;
        return { code, domain: operand.kind === 'char_length' ? { kind: 'number' } : { kind: 'text' } };
      }
      default:
        return { code: '', constant: operand };
    }
  }

  private compare(operator: string, leftOperand: Operand, rightOperand: Operand): string {
    const left = this.operand(leftOperand);
    const right = this.operand(rightOperand);
    const domain = left.domain ?? right.domain;
    if (!domain) throw new Untranslatable('a comparison of two constants');
    if (left.domain && right.domain && !sameDomain(left.domain, right.domain)) throw new Untranslatable('a comparison of columns of different types');
    const [a, b] = [valueCode(left, domain), valueCode(right, domain)];
    switch (domain.kind) {
      case 'number':
        return `holds('${operator}', orderNumber(${a}, ${b}))`;
      case 'decimal':
        return `holds('${operator}', orderDecimal(${a}, ${scaleCode(left)}, ${b}, ${scaleCode(right)}))`;
      case 'text':
        return `holds('${operator}', orderText(${a}, ${b}))`;
      case 'time':
        if (left.constant || right.constant) throw new Untranslatable('a comparison of a time with a constant');
        return `holds('${operator}', orderTime(${a}, ${b}))`;
      case 'other':
        throw new Untranslatable(`a comparison of a ${domain.type} value`);
    }
  }
}

function sameDomain(a: Domain, b: Domain): boolean {
  return a.kind === b.kind;
}

/** A constant as a value of the domain; a column's code as it is. */
function valueCode(compiled: Compiled, domain: Domain): string {
  const { constant } = compiled;
  if (!constant) return compiled.code;
  if (domain.kind === 'text') {
    if (constant.kind !== 'text') throw new Untranslatable('a text compared with a number');
    return JSON.stringify(constant.value);
  }
  if (domain.kind === 'number') {
    const value = Number(constant.value);
    if (!Number.isFinite(value) || constant.value.trim() === '') throw new Untranslatable(`the constant '${constant.value}' as a number`);
    return String(value);
  }
  if (domain.kind === 'decimal') return JSON.stringify(constant.value);
  throw new Untranslatable(`a constant compared with a ${domain.kind} value`);
}

/** The scale a decimal side is rounded to: its column's, or exact (undefined) for a constant or an unconstrained numeric. */
function scaleCode(compiled: Compiled): string {
  const { domain } = compiled;
  return domain?.kind === 'decimal' && domain.scale !== undefined ? String(domain.scale) : 'undefined';
}
