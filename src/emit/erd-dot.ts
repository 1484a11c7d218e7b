import { compareNames } from '../lib/compare.ts';
import { domainOf, groupByDomain, type Domain, type DomainGroup } from '../model/domains.ts';
import { allReferences, cardinality, columnKeys, type Cardinality, type Reference } from '../model/relations.ts';
import type { ColumnModel, SchemaModel, TableModel } from '../model/schema-model.ts';
import { SCHEMA_DIAGRAM } from './doc-paths.ts';
import { childEnd, COLUMN_MARKERS, LEGEND_SAMPLES, LINE_LEGEND, lineStyle, parentEnd } from './erd-notation.ts';
import { shortType } from './type-names.ts';

/**
 * SchemaModel → Graphviz DOT for the ERD: one diagram of the whole schema
 * (a cluster per domain) and one per domain, where tables of other domains
 * that share a foreign key appear as small dashed "stub" nodes.
 *
 * Text metrics. Graphviz compiled to WebAssembly has no fontconfig; it
 * estimates text width from built-in tables, where Courier is 0.6 em per
 * character. The renderer draws with DejaVu Sans Mono, whose every glyph
 * advances 1233/2048 ≈ 0.602 em. So the DOT names Courier (for Graphviz's
 * estimate) and, more to the point, sets every cell's WIDTH from the DejaVu
 * advance plus padding: WIDTH is a minimum, it exceeds Courier's estimate,
 * so the cell is exactly as wide as computed here and the text fits.
 */

/** DejaVu Sans Mono (regular and bold): every glyph advances 1233 units of 2048 per em. */
export const MONO_ADVANCE_EM = 1233 / 2048;
/** The font Graphviz should estimate with; the renderer rewrites it to DejaVu Sans Mono in the SVG. */
export const DOT_FONT = 'Courier';

const BODY_SIZE = 10;
const HEADER_SIZE = 11;
const NOTE_SIZE = 8;
const CELL_PADDING = 3;
/** Space after the name and type columns, so neighbouring texts never touch. */
const COLUMN_GAP = 8;

export interface ErdDiagram {
  /** File name without extension, e.g. "creativeflow_ai_erd" or a domain slug. */
  name: string;
  title: string;
  dot: string;
}

/** The whole-schema diagram first, then one per domain that has tables. */
export function erdDiagrams(model: SchemaModel): ErdDiagram[] {
  const groups = groupByDomain(model);
  const title = `CreativeFlow AI: ${model.schema}`;
  return [
    { name: SCHEMA_DIAGRAM, title, dot: schemaDot(title, model, groups) },
    ...groups.map((group) => {
      const domainTitle = `${group.domain.title} (${model.schema})`;
      return { name: group.domain.slug, title: domainTitle, dot: domainDot(domainTitle, model, group) };
    }),
  ];
}

export function textWidth(text: string, size: number): number {
  return Math.ceil([...text].length * MONO_ADVANCE_EM * size);
}

function schemaDot(title: string, model: SchemaModel, groups: DomainGroup[]): string {
  const clusters = groups.map((group) => [
    `  subgraph ${quote(`cluster_${group.domain.slug}`)} {`,
    `    label=<<B>${html(group.domain.title)}</B>>; fontsize=14; style="rounded,filled"; color="#c9ced6"; fillcolor="#fafbfc";`,
    ...group.tables.map((table) => `    ${tableNode(table, table.columns, false)}`),
    '  }',
  ]);
  return graph(title, clusters.flat(), allReferences(model).map((reference) => edge(reference, 1)));
}

function domainDot(title: string, model: SchemaModel, group: DomainGroup): string {
  const inDomain = new Set(group.tables.map((table) => table.name));
  const references = allReferences(model).filter(
    ({ table, fk }) => inDomain.has(table.name) || inDomain.has(fk.foreignTable),
  );
  // Stubs show only the columns their edges attach to.
  const stubColumns = new Map<string, Set<string>>();
  const mark = (table: string, column: string | undefined): void => {
    if (inDomain.has(table) || column === undefined) return;
    const set = stubColumns.get(table) ?? new Set<string>();
    stubColumns.set(table, set.add(column));
  };
  for (const { table, fk } of references) {
    mark(table.name, fk.columns[0]);
    mark(fk.foreignTable, fk.foreignColumns[0]);
  }
  const tables = new Map(model.tables.map((table) => [table.name, table]));
  const stubs = [...stubColumns.entries()]
    .sort(([a], [b]) => compareNames(a, b))
    .flatMap(([name, columns]) => {
      const table = tables.get(name);
      return table ? [`  ${tableNode(table, table.columns.filter((column) => columns.has(column.name)), true)}`] : [];
    });
  const nodes = group.tables.map((table) => `  ${tableNode(table, table.columns, false)}`);
  const lengths = staggeredLengths(references);
  return graph(
    title,
    [...nodes, ...stubs],
    references.map((reference, index) => edge(reference, lengths[index] ?? 1)),
  );
}

/**
 * Edge lengths (dot's minlen) that spread a hub's leaf tables over two
 * columns instead of one: users alone has a dozen children, which would
 * otherwise stack into one column as tall as the whole diagram.
 */
function staggeredLengths(references: Reference[]): number[] {
  const parents = new Set(references.map(({ fk }) => fk.foreignTable));
  const isLeafEdge = ({ table }: Reference): boolean => !parents.has(table.name);
  const fanOut = new Map<string, number>();
  for (const reference of references.filter(isLeafEdge)) {
    fanOut.set(reference.fk.foreignTable, (fanOut.get(reference.fk.foreignTable) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  return references.map((reference) => {
    const parent = reference.fk.foreignTable;
    if (!isLeafEdge(reference) || (fanOut.get(parent) ?? 0) <= HUB_FAN_OUT) return 1;
    const index = seen.get(parent) ?? 0;
    seen.set(parent, index + 1);
    return index % 2 === 1 ? 2 : 1;
  });
}

/** A parent with more leaf tables than this gets them staggered. */
const HUB_FAN_OUT = 4;

function graph(title: string, body: string[], edges: string[]): string {
  return [
    `digraph ${quote(title)} {`,
    // Polyline: with splines, dot sometimes draws an edge between two tables
    // of the same rank straight through the tables between them.
    `  graph [rankdir=LR, nodesep=0.25, ranksep=0.6, splines=polyline, pad=0.3, bgcolor="white", fontname=${quote(DOT_FONT)}, fontsize=16, labelloc=t, label=<<B>${html(title)}</B>>];`,
    `  node [shape=plain, fontname=${quote(DOT_FONT)}, fontsize=${BODY_SIZE}];`,
    `  edge [fontname=${quote(DOT_FONT)}, dir=both, arrowsize=0.8, penwidth=1.2];`,
    ...body,
    ...legend(),
    ...edges,
    '}',
    '',
  ].join('\n');
}

/** Header colours by domain; unknown domains get neutral grey. */
const DOMAIN_COLOURS: Record<string, string> = {
  'identity-and-teams': '#2f5d8a',
  'creative-workspace': '#2e7451',
  'ai-generation': '#6d4a8e',
  'billing-and-usage': '#8a5a14',
  'ai-model-registry': '#9a3a33',
};

function colourOf(domain: Domain): string {
  return DOMAIN_COLOURS[domain.slug] ?? '#555555';
}

interface Row {
  column: ColumnModel;
  name: string;
  type: string;
  markers: string;
}

function rowOf(table: TableModel, column: ColumnModel): Row {
  const keys = columnKeys(table, column.name);
  const markers = [
    keys.primaryKey ? 'PK' : '',
    keys.foreignKey ? 'FK' : '',
    keys.unique && !keys.primaryKey ? 'UQ' : '',
    !column.nullable && !keys.primaryKey ? 'NN' : '',
  ].filter(Boolean);
  return { column, name: column.name, type: shortType(column), markers: markers.join(' ') };
}

/**
 * Primary-key column names take the domain colour. Not bold: Graphviz sets a
 * <B> or <U> span 2pt higher than its row neighbours, which reads as a glitch.
 */
function keyColour(row: Row, domainColour: string): string {
  return row.markers.startsWith('PK') ? domainColour : '#111111';
}

/**
 * One table as an HTML-like label. Each row is a single outer cell carrying
 * the column's PORT, so an edge attaches to the whole row; inside it a
 * one-row table holds name, type and markers at widths shared by every row.
 */
function tableNode(table: TableModel, columns: ColumnModel[], stub: boolean): string {
  const domain = domainOf(table.name);
  const rows = columns.map((column) => rowOf(table, column));
  const cellWidth = (texts: string[], gap: number): number =>
    Math.max(0, ...texts.map((text) => textWidth(text, BODY_SIZE))) + 2 * CELL_PADDING + gap;
  const nameWidth = cellWidth(rows.map((row) => row.name), COLUMN_GAP);
  const typeWidth = cellWidth(rows.map((row) => row.type), COLUMN_GAP);
  const note = stub ? domain.title : '';
  const headerWidth = Math.max(
    textWidth(table.name, HEADER_SIZE) + 2 * CELL_PADDING + 2 * COLUMN_GAP,
    textWidth(note, NOTE_SIZE) + 2 * CELL_PADDING,
  );
  // The markers column absorbs any width the header needs beyond the rows.
  const markerWidth = Math.max(cellWidth(rows.map((row) => row.markers), COLUMN_GAP / 2), headerWidth - nameWidth - typeWidth);
  const width = nameWidth + typeWidth + markerWidth;
  const colour = colourOf(domain);

  const header = stub
    ? `<TR><TD BGCOLOR="#e9ecf0" WIDTH="${width}" CELLPADDING="${CELL_PADDING}"><FONT POINT-SIZE="${HEADER_SIZE}" COLOR="#333333"><B>${html(table.name)}</B></FONT></TD></TR>` +
      `<TR><TD BGCOLOR="#e9ecf0" WIDTH="${width}" CELLPADDING="${CELL_PADDING}"><FONT POINT-SIZE="${NOTE_SIZE}" COLOR="#555555"><I>${html(note)}</I></FONT></TD></TR>`
    : `<TR><TD BGCOLOR="${colour}" WIDTH="${width}" CELLPADDING="${CELL_PADDING + 1}"><FONT POINT-SIZE="${HEADER_SIZE}" COLOR="white"><B>${html(table.name)}</B></FONT></TD></TR>`;
  const body = rows.map((row, index) => {
    const background = index % 2 === 0 ? '#ffffff' : '#f1f4f8';
    const cell = (text: string, cellWidth: number, colour: string): string =>
      `<TD BGCOLOR="${background}" ALIGN="LEFT" WIDTH="${cellWidth}" CELLPADDING="${CELL_PADDING}">` +
      (text ? `<FONT COLOR="${colour}">${html(text)}</FONT>` : '') +
      '</TD>';
    return (
      `<TR><TD PORT="${html(row.name)}" BGCOLOR="${background}" CELLPADDING="0">` +
      '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0"><TR>' +
      cell(row.name, nameWidth, keyColour(row, colour)) +
      cell(row.type, typeWidth, '#4a5568') +
      cell(row.markers, markerWidth, '#9c4221') +
      '</TR></TABLE></TD></TR>'
    );
  });
  const style = stub ? ' STYLE="dashed" COLOR="#8a93a0"' : ' COLOR="#4a5568"';
  const label = `<TABLE BORDER="1"${style} CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">${header}${body.join('')}</TABLE>`;
  const id = `${stub ? 'stub' : 'table'}-${table.name}`;
  const tooltip = table.comment ? `, tooltip=${quote(table.comment)}` : '';
  return `${quote(table.name)} [id=${quote(id)}${tooltip}, label=<${label}>];`;
}

/**
 * The ends and line of a relationship, in the notation of erd-notation.ts.
 * Crow's-foot ends: the child end shows zero-or-many (crow + circle) or
 * zero-or-one (bar + circle) when the FK is unique; the parent end shows
 * exactly-one (two bars) or zero-or-one when the FK is nullable. Solid is
 * identifying, dashed not, as in Mermaid.
 */
function notationAttributes(shape: Cardinality): string[] {
  return [
    `arrowtail=${shape.parentOptional ? 'teeodot' : 'teetee'}`,
    `arrowhead=${shape.childMany ? 'crowodot' : 'teeodot'}`,
    ...(lineStyle(shape) === 'dashed' ? ['style=dashed'] : []),
  ];
}

/**
 * The legend, a cluster of its own: one sample relationship per line of
 * LEGEND_SAMPLES, drawn by notationAttributes like every real one, each
 * child saying what its line and ends mean; then the column markers.
 */
function legend(): string[] {
  const explanations = LEGEND_SAMPLES.map((shape) => {
    const style = lineStyle(shape);
    return [`${style} line: ${LINE_LEGEND[style].meaning}`, `parent end: ${parentEnd(shape).meaning}`, `child end: ${childEnd(shape).meaning}`];
  });
  // Every text cell as wide as the widest, so the nodes of a rank, which dot centres, line up.
  const textWidthAll = Math.max(...explanations.flat().map((line) => textWidth(line, NOTE_SIZE))) + 2 * CELL_PADDING;
  const textCell = (text: string, size: number): string =>
    `<TD ALIGN="LEFT" BGCOLOR="#ffffff" WIDTH="${textWidthAll}" CELLPADDING="${CELL_PADDING}"><FONT POINT-SIZE="${size}" COLOR="#333333">${html(text)}</FONT></TD>`;
  const boxWidth = textWidth('parent', BODY_SIZE) + 4 * CELL_PADDING;
  const box = (text: string): string =>
    `<TD PORT="box" BORDER="1" COLOR="#4a5568" BGCOLOR="#ffffff" WIDTH="${boxWidth}" CELLPADDING="${CELL_PADDING}">${html(text)}</TD>`;
  const samples = LEGEND_SAMPLES.flatMap((shape, i) => {
    const explanation = (explanations[i] ?? []).map((line) => `<TR>${textCell(line, NOTE_SIZE)}</TR>`).join('');
    const child = `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0"><TR>${box('child')}<TD CELLPADDING="0"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0">${explanation}</TABLE></TD></TR></TABLE>`;
    const parent = `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0"><TR>${box('parent')}</TR></TABLE>`;
    return [
      `    ${quote(`legend:parent:${i}`)} [id=${quote(`legend-parent-${i}`)}, label=<${parent}>];`,
      `    ${quote(`legend:child:${i}`)} [id=${quote(`legend-child-${i}`)}, label=<${child}>];`,
      `    ${quote(`legend:parent:${i}`)}:box:e -> ${quote(`legend:child:${i}`)}:box:w [id=${quote(`legend-${i}`)}, ${notationAttributes(shape).join(', ')}, color="#4a5568"];`,
    ];
  });
  const markers = COLUMN_MARKERS.map(([marker, meaning]) => `<TR>${textCell(`${marker}  ${meaning}`, NOTE_SIZE)}</TR>`).join('');
  return [
    `  subgraph "cluster_legend" {`,
    `    id="legend"; label=<<B>Legend</B>>; fontsize=12; style="rounded,filled"; color="#c9ced6"; fillcolor="#ffffff";`,
    ...samples,
    `    "legend:markers" [id="legend-markers", label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0"><TR>${textCell('column markers:', NOTE_SIZE)}</TR>${markers}</TABLE>>];`,
    '  }',
  ];
}

/**
 * One foreign key, drawn from the referenced (parent) column to the FK
 * column so that with rankdir=LR parents sit left of their children.
 */
function edge({ table, fk }: Reference, length: number): string {
  const shape = cardinality(table, fk);
  const attributes = [
    ...(length > 1 ? [`minlen=${length}`] : []),
    `id=${quote(`fk-${table.name}-${fk.name}`)}`,
    `tooltip=${quote(`${fk.name}: ${table.name}(${fk.columns.join(', ')}) -> ${fk.foreignTable}(${fk.foreignColumns.join(', ')}) on delete ${fk.onDelete}`)}`,
    ...notationAttributes(shape),
    `color=${quote(colourOf(domainOf(fk.foreignTable)))}`,
  ];
  // A self-reference loops on the east side; left to itself dot draws the
  // loop westwards, across whatever sits left of the table.
  const side = fk.foreignTable === table.name ? ':e' : '';
  const parent = `${quote(fk.foreignTable)}:${quote(fk.foreignColumns[0] ?? '')}${side}`;
  const child = `${quote(table.name)}:${quote(fk.columns[0] ?? '')}${side}`;
  return `  ${parent} -> ${child} [${attributes.join(', ')}];`;
}

/** A DOT double-quoted ID. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Text inside an HTML-like label. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
