/**
 * PostgreSQL's pg_node_tree text (pg_policy.polqual, pg_attrdef.adbin, …):
 * the expression as the server parsed and analysed it, every function call
 * already resolved to its pg_proc oid. Reading it finds the calls a policy
 * really makes, whatever schema qualification or search_path it was written
 * with, without adding an SQL parser and without re-parsing deparsed text.
 *
 * The format is that of the server's outfuncs.c: `{NODETYPE :field value …}`,
 * lists in parentheses, `<>` for null; a token ends at whitespace or one of
 * `(){}` unless that character is escaped with a backslash (read.c's
 * pg_strtok). Field values are kept as the tokens and nodes that follow the
 * field name, which is all a walk over the tree needs.
 */

export interface TreeNode {
  type: string;
  fields: Map<string, TreeValue[]>;
}

export type TreeValue = TreeNode | TreeValue[] | string;

/** The tokens of a node tree text, as pg_strtok splits them (escapes kept). */
export function nodeTreeTokens(text: string): string[] {
  return text.match(/[(){}]|(?:\\.|[^\s(){}\\])+/gs) ?? [];
}

/** Parses one node tree text; throws on text that is not one. */
export function parseNodeTree(text: string): TreeValue {
  const tokens = nodeTreeTokens(text);
  let at = 0;

  const expect = (what: string): string => {
    const token = tokens[at++];
    if (token === undefined) throw new Error(`node tree ends where ${what} was expected`);
    return token;
  };

  const value = (): TreeValue => {
    const token = expect('a value');
    if (token === '{') return node();
    if (token === '(') return list();
    if (token === ')' || token === '}') throw new Error(`unexpected "${token}" in node tree at token ${at}`);
    return token;
  };

  const list = (): TreeValue[] => {
    const items: TreeValue[] = [];
    while (tokens[at] !== ')') items.push(value());
    at++;
    return items;
  };

  const node = (): TreeNode => {
    const result: TreeNode = { type: expect('a node type'), fields: new Map() };
    let field: TreeValue[] | undefined;
    for (let token = tokens[at]; token !== '}'; token = tokens[at]) {
      if (token === undefined) throw new Error(`node ${result.type} is not closed`);
      if (token.startsWith(':')) {
        at++;
        field = [];
        result.fields.set(token.slice(1), field);
      } else if (field) {
        field.push(value());
      } else {
        throw new Error(`node ${result.type} has a value before its first field`);
      }
    }
    at++;
    return result;
  };

  const tree = value();
  if (at !== tokens.length) throw new Error(`node tree has text after its end, at token ${at}`);
  return tree;
}

/** The first token of a node's field, e.g. the oid in `:funcid 16387`. */
export function fieldToken(node: TreeNode, field: string): string | undefined {
  const first = node.fields.get(field)?.[0];
  return typeof first === 'string' ? first : undefined;
}
