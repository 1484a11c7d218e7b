import type pg from 'pg';
import { compareNames } from '../lib/compare.ts';
import { fingerprintSchemas, readCatalog } from './catalog-read.ts';
import { fingerprintFacts, type Fact } from './fingerprint-facts.ts';

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
export async function catalogFingerprint(client: pg.ClientBase, schemas: readonly string[] = fingerprintSchemas): Promise<string> {
  const { introspectionText, catalogTexts } = await readCatalog(client, 'app_public', schemas);
  return fingerprintFromCatalog(introspectionText, catalogTexts, schemas);
}

/**
 * The fingerprint from readCatalog's two texts, the very ones the model is
 * built from (modelFromCatalogTexts). Why one read rather than a query of its
 * own: a model and its fingerprint then describe one snapshot and cannot
 * disagree; one module knows how to read the catalog; pg-introspection is
 * what PostGraphile and the model already trust; and the fingerprint needs no
 * SQL of its own beyond the catalog texts the server alone can render.
 */
export function fingerprintFromCatalog(introspectionText: string, catalogTexts: string, schemas: readonly string[] = fingerprintSchemas): string {
  return render(fingerprintFacts(introspectionText, catalogTexts, schemas));
}

function render(facts: readonly Fact[]): string {
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
