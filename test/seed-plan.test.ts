import { parseCatalogQuery } from '../src/queries/catalog.ts';
import { describeScans, wholeTableScans, type PlanNode } from '../src/queries/plan.ts';
import { parseAnchor, parseScale, parseSeed, seedPlan } from '../src/seed/plan.ts';
import { seedPools } from '../src/seed/pools.ts';

/** The pure parts of the seed and the query catalog: options, row counts, pools, headers, plan reading. */

describe('seed options', () => {
  test('--scale counts usage logs, with k and m', () => {
    expect(['5000', '50k', '1m', '2.5m', '1_000_000'].map(parseScale)).toEqual([5_000, 50_000, 1_000_000, 2_500_000, 1_000_000]);
    expect(seedPlan(1_000_000)).toEqual({ usageLogs: 1_000_000, users: 10_000 });
    expect(seedPlan(5_000).users).toBe(50);
  });

  test('a scale, seed or anchor that is not one is refused in one line naming the option', () => {
    expect(() => parseScale('lots')).toThrow('seed: --scale lots is not a number of usage logs of at least 200; use e.g. 5000, 50k or 1m.');
    expect(() => parseScale('10')).toThrow('--scale 10');
    expect(() => parseSeed('-1')).toThrow('seed: --seed -1 is not a whole number');
    expect(() => parseAnchor('yesterday-ish')).toThrow('seed: --anchor yesterday-ish is not a date');
  });

  test('the default anchor is today at 00:00 UTC, so one day’s seeds are identical', () => {
    expect(parseAnchor(undefined, new Date('2026-12-02T17:45:12Z')).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(parseAnchor('2026-11-30').toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  test('pools are a function of the seed', () => {
    expect(seedPools(1)).toEqual(seedPools(1));
    expect(seedPools(2).firstNames).not.toEqual(seedPools(1).firstNames);
  });
});

describe('query catalog headers', () => {
  test('a query with parameters needs a sample query for their values', () => {
    expect(() => parseCatalogQuery('x', '-- serves: a screen\nselect $1')).toThrow('queries/x.sql has parameters but no `-- sample:` query');
    expect(() => parseCatalogQuery('x', 'select 1')).toThrow('queries/x.sql has no `-- serves:` line');
    expect(parseCatalogQuery('x', '-- serves: a screen\n-- sample: select 1\n\nselect $1\n')).toEqual({
      name: 'x',
      serves: 'a screen',
      params: undefined,
      sample: 'select 1',
      sql: 'select $1',
    });
  });
});

describe('plan reading', () => {
  const plan: PlanNode = {
    'Node Type': 'Nested Loop',
    Plans: [
      { 'Node Type': 'Index Scan', 'Relation Name': 'projects', 'Index Name': 'projects_user_id_idx', 'Index Cond': '(user_id = $0)' },
      { 'Node Type': 'Index Scan', 'Relation Name': 'assets', 'Index Name': 'assets_pkey' },
      { 'Node Type': 'Seq Scan', 'Relation Name': 'usage_logs' },
      { 'Node Type': 'Seq Scan', 'Relation Name': 'ai_models' },
    ],
  };

  test('finds sequential and unbounded index scans of large tables, in subplans too, and lets the registry be read whole', () => {
    expect(wholeTableScans(plan)).toEqual(['Index Scan using assets_pkey on assets without an index condition', 'Seq Scan on usage_logs']);
    expect(describeScans(plan)).toBe(
      'Index Scan using projects_user_id_idx on projects; Index Scan using assets_pkey on assets; Seq Scan on usage_logs; Seq Scan on ai_models',
    );
  });
});
