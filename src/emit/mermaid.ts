import { groupByDomain, type DomainGroup } from '../model/domains.ts';
import { allReferences, cardinality, columnKeys, type Reference } from '../model/relations.ts';
import type { ColumnModel, SchemaModel, TableModel } from '../model/schema-model.ts';
import type { Artifact } from './artifact.ts';
import { diagramPath, ERD_MARKDOWN, linkTarget, SCHEMA_DIAGRAM, tablePagePath } from './doc-paths.ts';
import { childEnd, LINE_LEGEND, lineStyle, markdownLegend, parentEnd } from './erd-notation.ts';
import { generatedNotice, link } from './markdown.ts';
import { shortType } from './type-names.ts';

/**
 * SchemaModel → docs/erd.md: Mermaid erDiagram blocks that GitHub renders
 * inline. An overview with every table and relationship (no attributes, so
 * it stays readable), then one block per domain with full attributes; tables
 * of other domains appear there as bare entities on the joining relationships.
 */
export function emitMermaid(model: SchemaModel): Artifact {
  const groups = groupByDomain(model);
  const here = (target: string): string => linkTarget(ERD_MARKDOWN, target);
  const lines = [
    generatedNotice(model.schema),
    '',
    `# ${model.schema}: entity-relationship diagrams`,
    '',
    `Rendered by GitHub from Mermaid. The Graphviz diagram of the whole schema is ${link('SVG', here(diagramPath(SCHEMA_DIAGRAM, 'svg')))} / ${link('PNG', here(diagramPath(SCHEMA_DIAGRAM, 'png')))}.`,
    '',
    ...markdownLegend(),
    '',
    '## Overview',
    '',
    ...fence(overview(model)),
    ...groups.flatMap((group) => domainSection(model, group, here)),
  ];
  return { path: ERD_MARKDOWN, contents: `${lines.join('\n')}\n` };
}

/** Every relationship; a table with none is listed on its own line so it still appears. */
function overview(model: SchemaModel): string[] {
  const references = allReferences(model);
  const related = new Set(references.flatMap(({ table, fk }) => [table.name, fk.foreignTable]));
  const isolated = model.tables.filter((table) => !related.has(table.name));
  return [...isolated.map((table) => `  ${entity(table.name)}`), ...references.map(relationship)];
}

function domainSection(model: SchemaModel, group: DomainGroup, here: (target: string) => string): string[] {
  const inDomain = new Set(group.tables.map((table) => table.name));
  const references = allReferences(model).filter(({ table, fk }) => inDomain.has(table.name) || inDomain.has(fk.foreignTable));
  const tableLinks = group.tables.map((table) => link(table.name, here(tablePagePath(table.name))));
  return [
    '',
    `## ${group.domain.title}`,
    '',
    `${group.domain.summary} Tables: ${tableLinks.join(', ')}.`,
    '',
    ...fence([...group.tables.flatMap(entityBlock), ...references.map(relationship)]),
  ];
}

function fence(body: string[]): string[] {
  return ['```mermaid', 'erDiagram', ...body, '```'];
}

function entityBlock(table: TableModel): string[] {
  return [`  ${entity(table.name)} {`, ...table.columns.map((column) => `    ${attribute(table, column)}`), '  }'];
}

/** `type name PK, FK "comment"`: every part a single token Mermaid's lexer accepts. */
function attribute(table: TableModel, column: ColumnModel): string {
  const keys = columnKeys(table, column.name);
  const markers = [keys.primaryKey && 'PK', keys.foreignKey && 'FK', keys.unique && !keys.primaryKey && 'UK'].filter(Boolean);
  const comment = summary(column.comment);
  return [attributeType(column), word(column.name), markers.join(', '), comment && `"${comment}"`].filter(Boolean).join(' ');
}

/**
 * Mermaid's attribute types are one word of letters, digits, _ - [ ] ( ):
 * "numeric(10,2)" has a comma, so modifiers with commas are dropped.
 */
export function attributeType(column: Pick<ColumnModel, 'type'>): string {
  return word(shortType(column).replace(/\([^)]*,[^)]*\)/g, ''));
}

function word(text: string): string {
  const clean = text.replace(/\s+/g, '_').replace(/[^A-Za-z0-9_\-[\]()]/g, '_');
  return /^[A-Za-z_]/.test(clean) ? clean : `_${clean}`;
}

/** Entity names: letters, digits, _ and -. */
function entity(name: string): string {
  return word(name).replace(/[[\]()]/g, '_');
}

/** A comment's first sentence, at most 72 characters, without double quotes (Mermaid cannot escape them). */
function summary(comment: string): string {
  const flat = comment.trim().replace(/"/g, "'").replace(/\s+/g, ' ');
  const sentence = /^.*?[.!?](?= |$)/.exec(flat)?.[0] ?? flat;
  return sentence.length > 72 ? `${sentence.slice(0, 71).trimEnd()}…` : sentence;
}

/**
 * `parent ||--o{ child : "column"`, in the notation of erd-notation.ts. The
 * left marker is how many parents a child row has (zero or one when the FK
 * is nullable), the right one how many children a parent has (at most one
 * when the FK columns are unique).
 */
function relationship({ table, fk }: Reference): string {
  const shape = cardinality(table, fk);
  const line = LINE_LEGEND[lineStyle(shape)].mermaid;
  return `  ${entity(fk.foreignTable)} ${parentEnd(shape).mermaid}${line}${childEnd(shape).mermaid} ${entity(table.name)} : "${fk.columns.join(', ')}"`;
}
