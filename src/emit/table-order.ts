import { byName, compareNames } from '../lib/compare.ts';
import type { ForeignKeyModel, TableModel } from '../model/schema-model.ts';

export interface TableOrder {
  /** Every table, each after the tables its foreign keys reference (cycles aside); ties by name. */
  tables: TableModel[];
  /** Foreign keys that reference a table created later: they close a cycle and are added at the end. */
  cyclicForeignKeys: { table: TableModel; foreignKey: ForeignKeyModel }[];
}

/**
 * Orders tables for creation: Kahn's algorithm, always taking the
 * alphabetically first table whose referenced tables all exist. When only
 * cycles are left, it breaks one by creating the first table (by name) whose
 * missing references all lie inside its own strongly connected component, and
 * defers exactly those references. Tables merely downstream of a cycle thus
 * never lose a foreign key. Self-references need no deferring: PostgreSQL
 * accepts them inside CREATE TABLE. O((tables + foreign keys) · log tables).
 */
export function orderTables(input: TableModel[]): TableOrder {
  const tables = [...input].sort(byName);
  const indexOf = new Map(tables.map((t, i) => [t.name, i]));
  // references[i]: the distinct other tables table i points at; dependents: the reverse.
  const references = tables.map((t, i) => [
    ...new Set(t.foreignKeys.map((fk) => indexOf.get(fk.foreignTable)).filter((j): j is number => j !== undefined && j !== i)),
  ]);
  const dependents: number[][] = tables.map(() => []);
  references.forEach((refs, i) => refs.forEach((j) => dependents[j]?.push(i)));
  const component = stronglyConnectedComponents(references);

  const missing = references.map((refs) => refs.length);
  const missingOutside = references.map((refs, i) => refs.filter((j) => component[j] !== component[i]).length);
  const created = tables.map(() => false);
  // Tables are sorted by name, so the smallest index is the alphabetically first table.
  const ready = new MinHeap(tables.map((_, i) => i).filter((i) => missing[i] === 0));
  const breakable = new MinHeap(tables.map((_, i) => i).filter((i) => missing[i] !== 0 && missingOutside[i] === 0));

  const order: TableModel[] = [];
  const cyclicForeignKeys: TableOrder['cyclicForeignKeys'] = [];
  while (order.length < tables.length) {
    let next = ready.pop();
    if (next === undefined) {
      do next = breakable.pop();
      while (next !== undefined && created[next]);
      if (next === undefined) throw new Error('table order: no table can be created (internal error)');
      const table = tables[next] as TableModel;
      for (const foreignKey of table.foreignKeys) {
        const target = indexOf.get(foreignKey.foreignTable);
        if (target !== undefined && target !== next && !created[target]) cyclicForeignKeys.push({ table, foreignKey });
      }
    }
    created[next] = true;
    order.push(tables[next] as TableModel);
    for (const dependent of dependents[next] ?? []) {
      if (created[dependent]) continue;
      missing[dependent] = (missing[dependent] ?? 0) - 1;
      if (missing[dependent] === 0) ready.push(dependent);
      if (component[dependent] !== component[next]) {
        missingOutside[dependent] = (missingOutside[dependent] ?? 0) - 1;
        if (missingOutside[dependent] === 0 && missing[dependent] !== 0) breakable.push(dependent);
      }
    }
  }
  const position = new Map(order.map((table, i) => [table, i]));
  cyclicForeignKeys.sort(
    (a, b) => (position.get(a.table) ?? 0) - (position.get(b.table) ?? 0) || compareNames(a.foreignKey.name, b.foreignKey.name),
  );
  return { tables: order, cyclicForeignKeys };
}

/** Tarjan's algorithm, iterative so a long chain of references cannot overflow the stack. */
function stronglyConnectedComponents(edges: number[][]): number[] {
  const index = edges.map(() => -1);
  const low = edges.map(() => 0);
  const onStack = edges.map(() => false);
  const component = edges.map(() => -1);
  const stack: number[] = [];
  let counter = 0;
  let components = 0;
  const visit = (node: number): void => {
    index[node] = low[node] = counter++;
    stack.push(node);
    onStack[node] = true;
  };
  for (let root = 0; root < edges.length; root++) {
    if (index[root] !== -1) continue;
    visit(root);
    const work: [node: number, edge: number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [node, edge] = frame;
      const targets = edges[node] ?? [];
      if (edge < targets.length) {
        frame[1]++;
        const target = targets[edge] as number;
        if (index[target] === -1) {
          visit(target);
          work.push([target, 0]);
        } else if (onStack[target]) {
          low[node] = Math.min(low[node] ?? 0, index[target] ?? 0);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] ?? 0, low[node] ?? 0);
      if (low[node] !== index[node]) continue;
      let member: number | undefined;
      do {
        member = stack.pop() as number;
        onStack[member] = false;
        component[member] = components;
      } while (member !== node);
      components++;
    }
  }
  return component;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly items: number[] = [];

  constructor(initial: number[]) {
    for (const item of initial) this.push(item);
  }

  push(item: number): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as number) <= item) break;
      items[i] = items[parent] as number;
      i = parent;
    }
    items[i] = item;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] as number) < (items[left] as number) ? right : left;
      if ((items[child] as number) >= last) break;
      items[i] = items[child] as number;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
