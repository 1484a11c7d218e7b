import type pg from 'pg';
import { compareNames } from '../lib/compare.ts';
import { queryCatalog } from './catalog-query.ts';
import { fingerprintQuery } from './fingerprint-query.ts';

/**
 * The catalog fingerprint: a canonical text of everything in the given
 * schemas, one fact per line, sorted:
 *
 *   <object>\t<property>\t<value>
 *
 * e.g. `table app_public.users column email\ttype\ttext`. Objects are
 * named by kind and quoted, qualified name; what belongs to a table (columns,
 * constraints, indexes, triggers, policies, rules) is named under it, so the
 * sorted text reads table by table. Newlines, tabs and backslashes in values
 * are escaped (\n, \t, \\) to keep one fact per line. Two databases with the
 * same schema give the same text whatever order things were created in; a
 * diff of two fingerprints names each object that differs (diffFingerprints).
 * graphile_migrate's schema and every schema not listed are ignored.
 */
export async function catalogFingerprint(client: pg.Client, schemas: string[] = ['app_public', 'app_private']): Promise<string> {
  const literal = `ARRAY[${schemas.map((s) => client.escapeLiteral(s)).join(', ')}]::text[]`;
  const [result] = await queryCatalog(client, [fingerprintQuery(schemas.length > 0 ? literal : 'ARRAY[]::text[]')]);
  const facts = (result?.rows ?? []) as { object: string; property: string; value: string }[];
  const lines = facts
    .map((f) => ({ key: `${escape(f.object)}\t${escape(f.property)}`, value: escape(f.value) }))
    .sort((a, b) => compareNames(a.key, b.key) || compareNames(a.value, b.value))
    .map((f) => `${f.key}\t${f.value}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export interface FingerprintDifference {
  /** e.g. "table app_public.users column email". */
  object: string;
  /** e.g. "type", "default", "comment", "grant app_user". */
  property: string;
  /** The value in the expected fingerprint (escaped, one line), or null when the fact is absent there. */
  expected: string | null;
  /** The value in the found fingerprint, or null when the fact is absent there. */
  found: string | null;
}

/** The facts that differ between two fingerprints, sorted by object and property. */
export function diffFingerprints(expected: string, found: string): FingerprintDifference[] {
  const want = parseFingerprint(expected);
  const have = parseFingerprint(found);
  const keys = [...new Set([...want.keys(), ...have.keys()])].sort(compareNames);
  const differences: FingerprintDifference[] = [];
  for (const key of keys) {
    const expectedValue = want.get(key) ?? null;
    const foundValue = have.get(key) ?? null;
    if (expectedValue === foundValue) continue;
    const [object = '', property = ''] = key.split('\t');
    differences.push({ object, property, expected: expectedValue, found: foundValue });
  }
  return differences;
}

/** "object\tproperty" → value, for each line of a fingerprint. */
function parseFingerprint(text: string): Map<string, string> {
  const facts = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const first = line.indexOf('\t');
    const second = line.indexOf('\t', first + 1);
    if (first < 0 || second < 0) throw new Error(`not a fingerprint line (want object<TAB>property<TAB>value): ${line}`);
    facts.set(line.slice(0, second), line.slice(second + 1));
  }
  return facts;
}

function escape(text: string): string {
  return text.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c);
}
