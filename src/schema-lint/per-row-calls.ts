import { fieldToken, parseNodeTree, type TreeValue } from './node-tree.ts';

/** SubLinkType EXPR_SUBLINK (primnodes.h): a scalar sub-select, `(select …)`. */
const EXPR_SUBLINK = '4';

/**
 * The oids among `watched` that the expression calls outside any scalar
 * sub-select. PostgreSQL evaluates such a call for every row it checks; in
 * `(select f())` an uncorrelated sub-select becomes an InitPlan, run once per
 * statement. A call inside another kind of sub-query (`in (select … where
 * owner = f())`, `exists (…)`) is still run for every row that sub-query reads,
 * so only the scalar sub-select makes a call safe, however deep it is nested.
 */
export function callsOutsideScalarSubselect(nodeTree: string, watched: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const walk = (value: TreeValue, inScalarSubselect: boolean): void => {
    if (typeof value === 'string') return;
    if (Array.isArray(value)) {
      value.forEach((item) => walk(item, inScalarSubselect));
      return;
    }
    const funcid = value.type === 'FUNCEXPR' ? fieldToken(value, 'funcid') : undefined;
    if (funcid !== undefined && watched.has(funcid) && !inScalarSubselect) found.add(funcid);
    const scalar = value.type === 'SUBLINK' && fieldToken(value, 'subLinkType') === EXPR_SUBLINK;
    for (const [field, values] of value.fields) {
      walk(values, inScalarSubselect || (scalar && field === 'subselect'));
    }
  };
  walk(parseNodeTree(nodeTree), false);
  return found;
}
