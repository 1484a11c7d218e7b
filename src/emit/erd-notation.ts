import type { Cardinality } from '../model/relations.ts';

/**
 * The one notation of every ERD, Graphviz (SVG, PNG) and Mermaid alike, and
 * the legend that explains it, so the two can never mean different things.
 *
 * Solid and dashed lines follow Mermaid, whose erDiagram fixes them: `--`
 * identifying (the foreign key is part of the child's primary key), `..` not.
 * Whether a child row must have a parent shows at the line's parent end in
 * both: exactly one when the foreign key is not null, zero or one when it is
 * nullable.
 */

export type LineStyle = 'solid' | 'dashed';

export function lineStyle(shape: Pick<Cardinality, 'identifying'>): LineStyle {
  return shape.identifying ? 'solid' : 'dashed';
}

export interface LegendEntry {
  /** How Mermaid writes it. */
  mermaid: string;
  meaning: string;
}

export const LINE_LEGEND: Record<LineStyle, LegendEntry> = {
  solid: { mermaid: '--', meaning: "identifying: the foreign key is part of the child's primary key" },
  dashed: { mermaid: '..', meaning: 'non-identifying: the child has a primary key of its own' },
};

/** The parent end: how many parents a child row has. */
export function parentEnd(shape: Pick<Cardinality, 'parentOptional'>): LegendEntry {
  return shape.parentOptional
    ? { mermaid: '|o', meaning: 'zero or one parent (the foreign key is nullable)' }
    : { mermaid: '||', meaning: 'exactly one parent (the foreign key is not null)' };
}

/** The child end: how many child rows a parent has. */
export function childEnd(shape: Pick<Cardinality, 'childMany'>): LegendEntry {
  return shape.childMany
    ? { mermaid: 'o{', meaning: 'zero or more children' }
    : { mermaid: 'o|', meaning: 'zero or one child (the foreign key is unique)' };
}

/**
 * The relationships the Graphviz legend draws, one per line: together they
 * show both line styles and every end marker.
 */
export const LEGEND_SAMPLES: Cardinality[] = [
  { identifying: true, parentOptional: false, childMany: true },
  { identifying: false, parentOptional: true, childMany: true },
  { identifying: false, parentOptional: false, childMany: false },
];

/** Column markers in the Graphviz tables; Mermaid's attributes use PK, FK and UK. */
export const COLUMN_MARKERS: [marker: string, meaning: string][] = [
  ['PK', 'primary key'],
  ['FK', 'foreign key'],
  ['UQ', 'unique'],
  ['NN', 'not null'],
];

/** The legend as Markdown lines, for the text above the Mermaid blocks. */
export function markdownLegend(): string[] {
  const ends = [parentEnd({ parentOptional: false }), parentEnd({ parentOptional: true })];
  const children = [childEnd({ childMany: true }), childEnd({ childMany: false })];
  const entry = (e: LegendEntry): string => `\`${e.mermaid}\` ${e.meaning}`;
  return [
    'How to read the diagrams (Mermaid below, and the Graphviz SVG/PNG, whose legend says the same):',
    '',
    `- Lines: solid ${entry(LINE_LEGEND.solid)}; dashed ${entry(LINE_LEGEND.dashed)}.`,
    `- Parent end: ${ends.map(entry).join('; ')}.`,
    `- Child end: ${children.map(entry).join('; ')}.`,
    '- Attributes: `PK` primary key, `FK` foreign key, `UK` unique.',
  ];
}
