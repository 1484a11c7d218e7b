import { byKey, byName, compareNames } from '../src/lib/compare.ts';

/** The one comparator: code-point order, whatever the machine's locale. */
describe('compareNames', () => {
  test('orders by code point, not by locale: capitals before "_" before lower case', () => {
    expect(['b', 'a_b', 'B', 'ab', 'a', '_x', 'Z'].sort(compareNames)).toEqual(['B', 'Z', '_x', 'a', 'a_b', 'ab', 'b']);
    expect(compareNames('users', 'users')).toBe(0);
  });

  test('byKey and byName order objects by one text of each', () => {
    const rows = [{ name: 'teams', path: 'docs/tables/teams.md' }, { name: 'Users', path: 'docs/tables/assets.md' }, { name: 'assets', path: 'docs/README.md' }];
    expect([...rows].sort(byName).map((r) => r.name)).toEqual(['Users', 'assets', 'teams']);
    expect([...rows].sort(byKey((r) => r.path)).map((r) => r.path)).toEqual(['docs/README.md', 'docs/tables/assets.md', 'docs/tables/teams.md']);
  });
});
