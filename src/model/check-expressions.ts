import { loadModule, parseSync, type Node, type TypeCast } from 'libpg-query';

/**
 * CHECK constraint texts (pg_get_constraintdef) → a small typed vocabulary,
 * through PostgreSQL's own parser (libpg-query), so no regular expression
 * ever reads SQL. The definition is parsed as the ALTER TABLE clause it is,
 * which also takes care of NOT VALID and NO INHERIT.
 *
 * The vocabulary covers what a validator can check without the database:
 * AND / OR / NOT, IS [NOT] NULL, comparisons between columns, char_length()
 * or btrim() of a column and constants, `= ANY (ARRAY[…])` value lists,
 * `~` / `~*` matches and the equality of two conditions. Anything else
 * becomes an `untranslatable` node that names what was not understood; it is
 * never guessed at.
 */

// libpg-query is WebAssembly: loaded once, when this module is first imported, so parsing stays synchronous.
await loadModule();

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** A constant: text as written, a number as its decimal text (so numeric keeps every digit). */
export type Constant = { kind: 'text'; value: string } | { kind: 'number'; value: string };

/** What a comparison compares: a column, a function of one, or a constant. */
export type Operand =
  | { kind: 'column'; column: string }
  | { kind: 'char_length'; column: string }
  | { kind: 'btrim'; column: string }
  | Constant;

export type CheckExpression =
  | { kind: 'and' | 'or'; args: CheckExpression[] }
  | { kind: 'not'; arg: CheckExpression }
  | { kind: 'null-test'; column: string; isNull: boolean }
  | { kind: 'compare'; operator: ComparisonOperator; left: Operand; right: Operand }
  | { kind: 'in'; operand: Operand; values: Constant[] }
  | { kind: 'match'; column: string; pattern: string; caseInsensitive: boolean; negated: boolean }
  /** `(a) = (b)` between two conditions: both true or both false. */
  | { kind: 'same'; left: CheckExpression; right: CheckExpression }
  | { kind: 'untranslatable'; reason: string };

/** A parsed CHECK: its expression, or undefined when the definition is not a CHECK at all. */
export function parseCheck(definition: string): CheckExpression | undefined {
  let parsed;
  try {
    parsed = parseSync(`alter table t add ${definition}`);
  } catch {
    return { kind: 'untranslatable', reason: 'PostgreSQL’s parser did not accept the definition' };
  }
  const command = only(only(parsed.stmts)?.stmt, 'AlterTableStmt')?.cmds;
  const constraint = only(only(command), 'AlterTableCmd')?.def;
  const check = only(constraint, 'Constraint');
  if (check?.contype !== 'CONSTR_CHECK' || !check.raw_expr) return undefined;
  return readExpression(check.raw_expr);
}

/** True when the expression, or any part of it, could not be translated. */
export function isTranslatable(expression: CheckExpression): boolean {
  switch (expression.kind) {
    case 'untranslatable':
      return false;
    case 'and':
    case 'or':
      return expression.args.every(isTranslatable);
    case 'not':
      return isTranslatable(expression.arg);
    case 'same':
      return isTranslatable(expression.left) && isTranslatable(expression.right);
    default:
      return true;
  }
}

/** The first reason found in an expression that is not fully translatable. */
export function untranslatableReason(expression: CheckExpression): string | undefined {
  switch (expression.kind) {
    case 'untranslatable':
      return expression.reason;
    case 'and':
    case 'or':
      return expression.args.map(untranslatableReason).find((reason) => reason !== undefined);
    case 'not':
      return untranslatableReason(expression.arg);
    case 'same':
      return untranslatableReason(expression.left) ?? untranslatableReason(expression.right);
    default:
      return undefined;
  }
}

/** The single element of a list, or the payload of a node of the given type. */
function only<T>(list: readonly T[] | undefined): T | undefined;
function only<K extends NodeKey>(node: Node | undefined, key: K): NodePayload<K> | undefined;
function only(value: unknown, key?: string): unknown {
  if (key === undefined) return Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : undefined;
  return value !== null && typeof value === 'object' && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

type UnionKeys<T> = T extends unknown ? keyof T : never;
type NodeKey = UnionKeys<Node>;
type NodePayload<K extends NodeKey> = Extract<Node, Record<K, unknown>>[K];

const untranslatable = (reason: string): CheckExpression => ({ kind: 'untranslatable', reason });

function readExpression(node: Node): CheckExpression {
  if ('BoolExpr' in node) {
    const args = (node.BoolExpr.args ?? []).map(readExpression);
    switch (node.BoolExpr.boolop) {
      case 'AND_EXPR':
        return { kind: 'and', args };
      case 'OR_EXPR':
        return { kind: 'or', args };
      default:
        return args.length === 1 && args[0] ? { kind: 'not', arg: args[0] } : untranslatable('a malformed NOT');
    }
  }
  if ('NullTest' in node) {
    const column = columnName(node.NullTest.arg);
    if (column === undefined) return untranslatable('IS NULL of something other than a column');
    return { kind: 'null-test', column, isNull: node.NullTest.nulltesttype === 'IS_NULL' };
  }
  if ('A_Expr' in node) return readOperatorExpression(node.A_Expr);
  return untranslatable(`${nodeKind(node)} is not in the validator's vocabulary`);
}

function readOperatorExpression(expr: NodePayload<'A_Expr'>): CheckExpression {
  const name = operatorName(expr);
  if (!name || !expr.lexpr || !expr.rexpr) return untranslatable('an operator of an unexpected shape');
  if (expr.kind === 'AEXPR_OP_ANY') return readAny(name, expr.lexpr, expr.rexpr);
  if (expr.kind !== 'AEXPR_OP') return untranslatable(`${expr.kind ?? 'an operator'} is not in the validator's vocabulary`);
  if (name === '~' || name === '~*' || name === '!~' || name === '!~*') return readMatch(name, expr.lexpr, expr.rexpr);
  if (name === '=' && isCondition(expr.lexpr) && isCondition(expr.rexpr)) {
    return { kind: 'same', left: readExpression(expr.lexpr), right: readExpression(expr.rexpr) };
  }
  if (!isComparison(name)) return untranslatable(`the operator ${name}`);
  const left = readOperand(expr.lexpr);
  const right = readOperand(expr.rexpr);
  if (!left || !right) return untranslatable(`an operand of ${name} that is neither a column, char_length/btrim of one, nor a constant`);
  return { kind: 'compare', operator: name, left, right };
}

function readAny(name: string, lexpr: Node, rexpr: Node): CheckExpression {
  const operand = readOperand(lexpr);
  const list = only(uncast(rexpr), 'A_ArrayExpr')?.elements ?? [];
  const values = list.map(readOperand);
  if (name !== '=' || !operand || list.length === 0) return untranslatable('an ANY other than a column = ANY (ARRAY[constants])');
  const constants = values.filter((value): value is Constant => value?.kind === 'text' || value?.kind === 'number');
  if (constants.length !== values.length) return untranslatable('an ARRAY of something other than constants');
  return { kind: 'in', operand, values: constants };
}

function readMatch(name: string, lexpr: Node, rexpr: Node): CheckExpression {
  const column = columnName(lexpr);
  const pattern = readOperand(rexpr);
  if (column === undefined || pattern?.kind !== 'text') return untranslatable(`${name} other than column ${name} 'pattern'`);
  return { kind: 'match', column, pattern: pattern.value, caseInsensitive: name.endsWith('*'), negated: name.startsWith('!') };
}

function isComparison(name: string): name is ComparisonOperator {
  return ['=', '<>', '<', '<=', '>', '>='].includes(name);
}

/** A node whose value is a truth value the vocabulary reads: IS NULL, AND/OR/NOT, a comparison. */
function isCondition(node: Node): boolean {
  return 'NullTest' in node || 'BoolExpr' in node || ('A_Expr' in node && isComparisonExpr(node.A_Expr));
}

function isComparisonExpr(expr: NodePayload<'A_Expr'>): boolean {
  const name = operatorName(expr);
  return expr.kind === 'AEXPR_OP' && name !== undefined && isComparison(name);
}

function operatorName(expr: NodePayload<'A_Expr'>): string | undefined {
  return only(only(expr.name), 'String')?.sval;
}

function readOperand(node: Node): Operand | undefined {
  const constant = readConstant(node);
  if (constant) return constant;
  const column = columnName(node);
  if (column !== undefined) return { kind: 'column', column };
  const call = only(node, 'FuncCall');
  const functionName = call?.funcname?.map((part) => only(part, 'String')?.sval).join('.');
  const argument = only(call?.args);
  const of = argument === undefined ? undefined : columnName(argument);
  if (of === undefined || call?.agg_star || call?.func_variadic) return undefined;
  if (functionName === 'char_length' || functionName === 'character_length' || functionName === 'pg_catalog.char_length') {
    return { kind: 'char_length', column: of };
  }
  if (functionName === 'btrim' || functionName === 'pg_catalog.btrim') return { kind: 'btrim', column: of };
  return undefined;
}

/** Types a column or constant may be cast to without changing how the validator compares it. */
const transparentCasts = new Set(['text', 'varchar', 'bpchar', 'numeric', 'int2', 'int4', 'int8', 'integer', 'bigint', 'smallint']);

function castTarget(cast: TypeCast): string | undefined {
  const names = (cast.typeName?.names ?? []).map((part) => only(part, 'String')?.sval);
  const last = names.at(-1);
  return last !== undefined && (names.length === 1 || names[0] === 'pg_catalog') ? last : undefined;
}

/** Strips casts that keep the value comparable as it is (text to varchar, integer to numeric); undefined for any other. */
function uncast(node: Node): Node | undefined {
  let current: Node = node;
  while ('TypeCast' in current) {
    const target = castTarget(current.TypeCast);
    if (!target || !transparentCasts.has(target) || !current.TypeCast.arg) return undefined;
    current = current.TypeCast.arg;
  }
  return current;
}

function columnName(node: Node | undefined): string | undefined {
  const bare = node && uncast(node);
  const fields = only(bare, 'ColumnRef')?.fields;
  return only(only(fields), 'String')?.sval;
}

function readConstant(node: Node): Constant | undefined {
  const value = only(uncast(node), 'A_Const');
  if (!value || value.isnull) return undefined;
  if (value.sval) return { kind: 'text', value: value.sval.sval ?? '' };
  // Protobuf leaves a zero out: `ival: {}` is 0.
  if (value.ival) return { kind: 'number', value: String(value.ival.ival ?? 0) };
  if (value.fval?.fval !== undefined) return { kind: 'number', value: value.fval.fval };
  return undefined;
}

function nodeKind(node: Node): string {
  return Object.keys(node)[0] ?? 'an empty node';
}
