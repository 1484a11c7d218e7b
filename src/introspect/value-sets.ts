import { parseCheck, type CheckExpression, type Constant } from '../model/check-expressions.ts';

/**
 * Reads closed value sets and length limits off CHECK constraint texts as
 * pg_get_constraintdef prints them, through the SQL parser
 * (check-expressions.ts), so every spelling PostgreSQL deparses to is read
 * alike:
 *
 *   col in ('A', 'B')        → CHECK ((col = ANY (ARRAY['A'::text, 'B'::text])))
 *   varchar col in (…)       → CHECK (((col)::text = ANY ((ARRAY['A'::character varying, …])::text[])))
 *   col = 'A'                → CHECK ((col = 'A'::text))
 *   char_length(col) <= 255  → CHECK ((char_length(col) <= 255))
 *
 * A check that ANDs several such conditions yields each of them; anything
 * else (OR, other functions, lists of numbers) yields nothing rather than a guess.
 */

export interface CheckFacts {
  /** column → allowed values, in the order the CHECK lists them. */
  valueSets: Map<string, string[]>;
  /** column → the greatest allowed char_length. */
  maxLengths: Map<string, number>;
}

export function readCheck(definition: string): CheckFacts {
  const facts: CheckFacts = { valueSets: new Map(), maxLengths: new Map() };
  const expression = parseCheck(definition);
  if (expression === undefined) return facts;
  for (const condition of conjuncts(expression)) readCondition(condition, facts);
  return facts;
}

/** The top-level AND's operands, nested ANDs flattened; the expression itself otherwise. */
function conjuncts(expression: CheckExpression): CheckExpression[] {
  return expression.kind === 'and' ? expression.args.flatMap(conjuncts) : [expression];
}

function texts(values: readonly Constant[]): string[] | undefined {
  return values.every((value) => value.kind === 'text') ? values.map((value) => value.value) : undefined;
}

function readCondition(condition: CheckExpression, facts: CheckFacts): void {
  if (condition.kind === 'in' && condition.operand.kind === 'column') {
    const values = texts(condition.values);
    if (values) setFirst(facts.valueSets, condition.operand.column, values);
    return;
  }
  if (condition.kind !== 'compare') return;
  const { operator, left, right } = condition;
  if (operator === '=' && left.kind === 'column' && right.kind === 'text') {
    setFirst(facts.valueSets, left.column, [right.value]);
    return;
  }
  if (left.kind === 'char_length' && right.kind === 'number' && (operator === '<=' || operator === '<')) {
    const max = Number(right.value) - (operator === '<' ? 1 : 0);
    const previous = facts.maxLengths.get(left.column);
    facts.maxLengths.set(left.column, previous === undefined ? max : Math.min(previous, max));
  }
}

function setFirst(map: Map<string, string[]>, key: string, values: string[]): void {
  if (!map.has(key)) map.set(key, values);
}
