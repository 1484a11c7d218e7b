import { compareNames } from '../lib/compare.ts';
import { domainOf, groupByDomain } from '../model/domains.ts';
import { columnKeys, referencesByTarget, type Reference } from '../model/relations.ts';
import type { ColumnModel, SchemaModel, TableModel } from '../model/schema-model.ts';
import type { Artifact } from './artifact.ts';
import { diagramPath, DOCS_INDEX, ERD_MARKDOWN, linkTarget, SCALING_DOC, SCHEMA_DIAGRAM, SECURITY_DOC, tablePagePath } from './doc-paths.ts';
import { securitySection } from './docs-security.ts';
import { cell, code, generatedNotice, headingAnchor, link, paragraph, table } from './markdown.ts';
import { shortType } from './type-names.ts';

/**
 * SchemaModel → docs/README.md (every table by domain, the diagrams and a
 * link to the access matrix) and docs/tables/<table>.md (columns, value sets,
 * constraints, indexes, triggers, the foreign keys in both directions as
 * links, and security: RLS, policies and grants per role).
 */
export function emitDocs(model: SchemaModel): Artifact[] {
  const incoming = referencesByTarget(model);
  return [indexPage(model), ...model.tables.map((table) => tablePage(model, table, incoming.get(table.name) ?? []))];
}

function indexPage(model: SchemaModel): Artifact {
  const here = (target: string): string => linkTarget(DOCS_INDEX, target);
  const diagrams = (name: string): string =>
    `${link('SVG', here(diagramPath(name, 'svg')))} · ${link('PNG', here(diagramPath(name, 'png')))}`;
  const groups = groupByDomain(model);
  const lines = [
    generatedNotice(model.schema),
    '',
    `# ${model.schema}`,
    '',
    `${model.tables.length} tables in ${groups.length} domains. Diagrams of the whole schema: ${diagrams(SCHEMA_DIAGRAM)} · ${link('Mermaid, per domain', here(ERD_MARKDOWN))}.`,
    '',
    `Who may read and change what: ${link('the access matrix', here(SECURITY_DOC))}; each table's page lists its row level security, policies and grants.`,
    '',
    `Past one server (usage-log partitioning, a Citus plan): ${link('scaling notes', here(SCALING_DOC))}.`,
    '',
    `![Entity-relationship diagram of ${model.schema}](${here(diagramPath(SCHEMA_DIAGRAM, 'svg'))})`,
    ...groups.flatMap((group) => [
      '',
      `## ${group.domain.title}`,
      '',
      `${group.domain.summary} Diagram: ${diagrams(group.domain.slug)}.`,
      '',
      table(
        ['Table', 'Description'],
        group.tables.map((t) => [link(t.name, here(tablePagePath(t.name))), cell(firstParagraph(t.comment))]),
      ),
    ]),
  ];
  return { path: DOCS_INDEX, contents: `${lines.join('\n')}\n` };
}

/** incoming: the foreign keys that point at t, in allReferences order. */
function tablePage(model: SchemaModel, t: TableModel, incoming: Reference[]): Artifact {
  const path = tablePagePath(t.name);
  const here = (target: string): string => linkTarget(path, target);
  const tableLink = (name: string): string => link(name, here(tablePagePath(name)));
  const domain = domainOf(t.name);
  const sections: [string, string | undefined][] = [
    ['Columns', table(['Name', 'Type', 'Key', 'Null', 'Default', 'Comment'], t.columns.map((column) => columnRow(t, column)))],
    ['Value sets', valueSets(t)],
    ['Constraints', constraints(t)],
    [
      'Indexes',
      optionalTable(
        ['Name', 'Unique', 'Definition', 'Comment'],
        t.indexes.map((index) => [code(index.name), index.unique ? 'yes' : 'no', code(index.definition), cell(index.comment)]),
      ),
    ],
    [
      'Triggers',
      optionalTable(
        ['Name', 'Function', 'Definition', 'Comment'],
        t.triggers.map((trigger) => [code(trigger.name), code(trigger.function), code(trigger.definition), cell(trigger.comment)]),
      ),
    ],
    [
      'References',
      optionalTable(
        ['Columns', 'References', 'On delete', 'Constraint'],
        t.foreignKeys.map((fk) => [
          columnList(fk.columns),
          `${tableLink(fk.foreignTable)} (${columnList(fk.foreignColumns)})`,
          fk.onDelete,
          code(fk.name),
        ]),
      ),
    ],
    [
      'Referenced by',
      optionalTable(
        ['Table', 'Columns', 'On delete', 'Constraint'],
        incoming.map(({ table: child, fk }) => [tableLink(child.name), columnList(fk.columns), fk.onDelete, code(fk.name)]),
      ),
    ],
    ['Security', securitySection(t, link('security.md', here(SECURITY_DOC)))],
  ];
  const lines = [
    generatedNotice(model.schema),
    '',
    `# ${t.name}`,
    '',
    `Domain: ${link(domain.title, `${here(DOCS_INDEX)}#${headingAnchor(domain.title)}`)} · diagram: ${link('SVG', here(diagramPath(domain.slug, 'svg')))} · ${link('all tables', here(DOCS_INDEX))}`,
    ...(t.comment ? ['', paragraph(t.comment)] : []),
    ...sections.flatMap(([heading, body]) => (body ? ['', `## ${heading}`, '', body] : [])),
  ];
  return { path, contents: `${lines.join('\n')}\n` };
}

function columnRow(t: TableModel, column: ColumnModel): string[] {
  const keys = columnKeys(t, column.name);
  const key = [keys.primaryKey && 'PK', keys.foreignKey && 'FK', keys.unique && !keys.primaryKey && 'UQ'].filter(Boolean).join(', ');
  const type = column.maxLength === undefined ? shortType(column) : `${shortType(column)} (≤ ${column.maxLength} chars)`;
  return [code(column.name), cell(type), key, column.nullable ? 'yes' : 'no', defaultText(column), cell(column.comment)];
}

function defaultText(column: ColumnModel): string {
  if (column.identity) return `identity (${column.identity})`;
  if (column.generated !== undefined) return `generated${column.generatedKind ? ` ${column.generatedKind}` : ''}: ${code(column.generated)}`;
  return column.default === undefined ? '' : code(column.default);
}

function valueSets(t: TableModel): string | undefined {
  const rows = t.columns.flatMap((column) =>
    column.valueSet
      ? [[code(column.name), column.valueSet.values.map(code).join(', '), code(column.valueSet.constraint)]]
      : [],
  );
  return optionalTable(['Column', 'Allowed values', 'Constraint'], rows);
}

function constraints(t: TableModel): string | undefined {
  const rows = [
    ...(t.primaryKey
      ? [[code(t.primaryKey.name), 'primary key', code(t.primaryKey.definition), cell(t.primaryKey.comment)]]
      : []),
    ...t.uniqueConstraints.map((key) => [code(key.name), 'unique', code(key.definition), cell(key.comment)]),
    ...t.foreignKeys.map((fk) => [code(fk.name), 'foreign key', code(fk.definition), cell(fk.comment)]),
    ...t.checks.map((check) => [code(check.name), 'check', code(check.definition), cell(check.comment)]),
  ].sort((a, b) => compareNames(a[0] ?? '', b[0] ?? ''));
  return optionalTable(['Name', 'Type', 'Definition', 'Comment'], rows);
}

function optionalTable(headers: string[], rows: string[][]): string | undefined {
  return rows.length > 0 ? table(headers, rows) : undefined;
}

function columnList(columns: string[]): string {
  return columns.map(code).join(', ');
}

function firstParagraph(comment: string): string {
  return comment.trim().split(/\r?\n\s*\r?\n/)[0] ?? '';
}
