/**
 * Reading `explain (format json)` plans: which scans a query does, and which
 * of them would read a whole large table. Pure; the plan test and the
 * benchmark run the explains.
 */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

export interface Scan {
  node: string;
  /** Empty for a Bitmap Index Scan: its Bitmap Heap Scan above it names the table. */
  table: string;
  index?: string;
  /** Whether the scan is bounded by an index condition, rather than reading every entry. */
  bounded: boolean;
}

/** Every scan of a table in the plan, subplans (row-level security's among them) included, in plan order. */
export function scansOf(node: PlanNode): Scan[] {
  const own: Scan[] =
    node['Relation Name'] || node['Index Name']
      ? [{ node: node['Node Type'], table: node['Relation Name'] ?? '', index: node['Index Name'], bounded: Boolean(node['Index Cond'] ?? node['Recheck Cond']) }]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

/**
 * The tables a hot query may not read whole: every one that grows with the
 * data. The AI model registry (ai_*) is a fixed few dozen rows whatever the
 * scale, so reading it whole is what an index would cost anyway.
 */
export function isLargeTable(table: string): boolean {
  return !table.startsWith('ai_model');
}

/** One line per scan that reads a large table whole: a sequential scan, or an index scan with no condition. */
export function wholeTableScans(plan: PlanNode): string[] {
  return scansOf(plan)
    .filter((s) => isLargeTable(s.table) && (s.node === 'Seq Scan' || !s.bounded))
    .map((s) => (s.node === 'Seq Scan' ? `Seq Scan on ${s.table}` : `${s.node} using ${s.index ?? '?'} on ${s.table} without an index condition`));
}

/** The scans, one short phrase each: `Index Scan using notifications_unread_idx on notifications`. */
export function describeScans(plan: PlanNode): string {
  return scansOf(plan)
    .map((s) => `${s.node}${s.index ? ` using ${s.index}` : ''}${s.table ? ` on ${s.table}` : ''}`)
    .join('; ');
}

/** Shared buffers the whole plan touched (hit, read), from `explain (analyze, buffers)`: the top node counts its children's. */
export function buffersOf(plan: PlanNode): { hit: number; read: number } {
  return { hit: plan['Shared Hit Blocks'] ?? 0, read: plan['Shared Read Blocks'] ?? 0 };
}
