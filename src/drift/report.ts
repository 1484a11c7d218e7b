import { diffFingerprints, type FingerprintDifference } from '../introspect/fingerprint.ts';
import { compareNames } from '../lib/compare.ts';

/**
 * Drift as people read it: one line per object that differs between the
 * expected fingerprint (built from the committed migrations) and the found
 * one (the live database). An object that exists on one side only is one
 * line, whatever it contains (a table's columns, constraints and indexes go
 * with it); an object on both sides gets a line per property that differs.
 */
export interface DriftLine {
  /** e.g. "table app_public.users column email". */
  object: string;
  /** The property that differs, or undefined when the whole object is missing or unexpected. */
  property?: string;
  expected: string;
  found: string;
}

const NOTHING = 'nothing';
/** A property with no value on one side, e.g. a comment that was removed. */
const NO_VALUE = '(none)';

export function driftReport(expectedFingerprint: string, foundFingerprint: string): DriftLine[] {
  const expectedObjects = objectsOf(expectedFingerprint);
  const foundObjects = objectsOf(foundFingerprint);
  const differences = diffFingerprints(expectedFingerprint, foundFingerprint);
  const lines: DriftLine[] = [];
  const wholeObjects = new Map<string, { missing: boolean; facts: FingerprintDifference[] }>();
  for (const difference of differences) {
    const inExpected = expectedObjects.has(difference.object);
    if (inExpected && foundObjects.has(difference.object)) {
      const { object, property } = difference;
      lines.push({ object, property, expected: difference.expected ?? NO_VALUE, found: difference.found ?? NO_VALUE });
      continue;
    }
    // Only on one side: report it under its outermost ancestor that is also only on that side.
    const side = inExpected ? expectedObjects : foundObjects;
    const other = inExpected ? foundObjects : expectedObjects;
    const top = outermost(difference.object, side, other);
    const entry = wholeObjects.get(top) ?? { missing: inExpected, facts: [] };
    entry.facts.push(difference);
    wholeObjects.set(top, entry);
  }
  for (const [object, { missing, facts }] of wholeObjects) {
    const summary = summarize(object, facts, missing);
    lines.push({ object, expected: missing ? summary : NOTHING, found: missing ? NOTHING : summary });
  }
  return lines.sort((a, b) => compareNames(a.object, b.object) || compareNames(a.property ?? '', b.property ?? ''));
}

/** "object: property: expected …, found …" or "object: expected …, found …". */
export function formatDriftLine(line: DriftLine): string {
  return `${line.object}: ${line.property ? `${line.property}: ` : ''}expected ${line.expected}, found ${line.found}`;
}

/** The objects a fingerprint describes (the first field of each line). */
function objectsOf(fingerprint: string): Set<string> {
  return new Set(fingerprint.split('\n').filter((line) => line !== '').map((line) => line.slice(0, line.indexOf('\t'))));
}

/** The shortest name that object is nested under ("table t" for "table t column c") and that is absent from other too. */
function outermost(object: string, side: Set<string>, other: Set<string>): string {
  let top = object;
  for (const candidate of side) {
    if (!other.has(candidate) && candidate.length < top.length && object.startsWith(`${candidate} `)) top = candidate;
  }
  return top;
}

/** What a whole object is, from its own facts: its definition, else its kind, else its column type or policy command. */
function summarize(object: string, facts: FingerprintDifference[], missing: boolean): string {
  const value = (property: string): string | null | undefined => {
    const fact = facts.find((f) => f.object === object && f.property === property);
    return fact && (missing ? fact.expected : fact.found);
  };
  const type = value('type');
  const command = value('command');
  return value('definition') ?? value('kind') ?? (type ? `a column of type ${type}` : command ? `a policy for ${command}` : 'present');
}
