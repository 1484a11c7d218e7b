import type { SeedPools } from './pools.ts';

/**
 * SQL expressions the seed's statements are built from: deterministic
 * "random" numbers, ids and picks, all functions of --seed and a row's key,
 * so the same seed gives the same rows in any order of evaluation, and no
 * random() is involved. Pure text; the statements are in src/seed/tables.ts.
 */

/** FNV-1a, 32 bits: a stable number for a salt's name. */
function fnv32(text: string): bigint {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return BigInt(hash);
}

export interface Expressions {
  /** The anchor ("now" of the data) as a timestamptz literal. */
  anchor: string;
  /** A number in [0, 1) from a text key; `salt` names what it decides, so two decisions on one row are independent. */
  u(key: string, salt: string): string;
  /** A uuid from a key, unique per table: md5 of seed, table and key. */
  id(table: string, key: string): string;
  /** A uniformly chosen entry of a pool (src/seed/pools.ts). */
  pick(pool: keyof SeedPools, key: string, salt: string): string;
  /** One of `values`, chosen by weight. */
  weighted(key: string, salt: string, values: ReadonlyArray<readonly [string, number]>): string;
  /** A whole number in [low, high]. */
  int(key: string, salt: string, low: number, high: number): string;
  /** A time between `from` and the anchor, `power` > 1 leaning towards `from`, < 1 towards the anchor. */
  timeAfter(from: string, key: string, salt: string, power?: number): string;
}

/**
 * A pool as an array constant in the statement's text: the planner folds it
 * into one in-memory value, where a parameter or a table column would be
 * looked up or detoasted once per row.
 */
function arrayLiteral(words: readonly string[]): string {
  return `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(', ')}]::text[]`;
}

export function seedExpressions(seed: number, anchor: Date, pools: SeedPools): Expressions {
  const literals = new Map(Object.entries(pools).map(([name, words]) => [name, arrayLiteral(words as string[])]));
  const u = (key: string, salt: string): string =>
    `((hashtextextended(${key}, ${BigInt(seed) * 4_294_967_311n + fnv32(salt)}) & 2147483647)::float8 / 2147483648.0)`;
  const anchorSql = `'${anchor.toISOString()}'::timestamptz`;
  return {
    anchor: anchorSql,
    u,
    id: (table, key) => `md5('${seed}:${table}:' || ${key})::uuid`,
    pick: (pool, key, salt) => `(${literals.get(pool)})[1 + floor(${u(key, salt)} * ${pools[pool].length})::int]`,
    weighted(key, salt, values) {
      const total = values.reduce((sum, [, weight]) => sum + weight, 0);
      let running = 0;
      const bounds = values.map(([, weight]) => {
        const bound = running / total;
        running += weight;
        return bound;
      });
      const labels = values.map(([label]) => `'${label.replace(/'/g, "''")}'`).join(', ');
      return `(array[${labels}])[width_bucket(${u(key, salt)}, array[${bounds.join(', ')}]::float8[])]`;
    },
    int: (key, salt, low, high) => `(${low} + floor(${u(key, salt)} * ${high - low + 1})::int)`,
    timeAfter: (from, key, salt, power = 1) =>
      `(${from} + (${anchorSql} - ${from}) * ${power === 1 ? u(key, salt) : `power(${u(key, salt)}, ${power})`})`,
  };
}
