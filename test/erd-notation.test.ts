import { erdDiagrams } from '../src/emit/erd-dot.ts';
import { LEGEND_SAMPLES, LINE_LEGEND } from '../src/emit/erd-notation.ts';
import { emitMermaid } from '../src/emit/mermaid.ts';
import { allReferences } from '../src/model/relations.ts';
import type { SchemaModel, TableModel } from '../src/model/schema-model.ts';
import { sampleModel } from './fixtures/sample-model.ts';
import * as build from './helpers/model-builder.ts';

/**
 * One notation for every ERD: solid and dashed lines mean the same in the
 * Graphviz diagrams (SVG, PNG) as in Mermaid, and both say so in a legend.
 */

/** The sample model plus project_members, whose key is its two foreign keys: identifying relationships. */
function withIdentifyingTable(model: SchemaModel): SchemaModel {
  const uuid = (name: string): TableModel['columns'][number] => build.column({ name, position: name === 'project_id' ? 1 : 2, type: 'uuid' });
  const fk = (column: string, target: string): TableModel['foreignKeys'][number] =>
    build.foreignKey({
      name: `project_members_${column}_fkey`,
      columns: [column],
      foreignTable: target,
      onDelete: 'cascade',
      definition: `FOREIGN KEY (${column}) REFERENCES app_public.${target}(id) ON DELETE CASCADE`,
    });
  const members = build.table({
    name: 'project_members',
    comment: 'Who works on a project.',
    columns: [uuid('project_id'), uuid('user_id')],
    primaryKey: build.primaryKey({ name: 'project_members_pkey', columns: ['project_id', 'user_id'] }),
    foreignKeys: [fk('project_id', 'projects'), fk('user_id', 'users')],
  });
  return { ...model, tables: [...model.tables, members] };
}

describe('ERD notation', () => {
  const model = withIdentifyingTable(sampleModel);
  const dot = erdDiagrams(model)[0]?.dot ?? '';
  const mermaid = String(emitMermaid(model).contents);

  test('solid and dashed lines mean the same in the Graphviz diagrams and in Mermaid, relation by relation', () => {
    const styles = allReferences(model).map(({ table, fk }) => {
      const edge = new RegExp(`^  "${fk.foreignTable}":"[^"]+"(?::e)? -> "${table.name}":"${fk.columns[0]}"(?::e)? \\[(.*)\\];$`, 'm').exec(dot)?.[1];
      const relationship = new RegExp(`^  ${fk.foreignTable} \\S\\S(--|\\.\\.)\\S\\S ${table.name} : "${fk.columns.join(', ')}"$`, 'm').exec(mermaid)?.[1];
      if (edge === undefined || relationship === undefined) throw new Error(`${fk.name} is missing from a diagram`);
      return { fk: fk.name, graphviz: /\bstyle=dashed\b/.test(edge) ? 'dashed' : 'solid', mermaid: relationship === '..' ? 'dashed' : 'solid' };
    });
    expect(styles.filter((s) => s.graphviz !== s.mermaid)).toEqual([]);
    // Both kinds occur, so the agreement is not only about one of them.
    expect(styles.find((s) => s.fk === 'project_members_user_id_fkey')?.graphviz).toBe('solid');
    expect(styles.find((s) => s.fk === 'assets_project_id_fkey')?.graphviz).toBe('dashed');
    // A non-identifying foreign key that is not null stays dashed: the line says identifying, not nullable.
    expect(styles.find((s) => s.fk === 'projects_user_id_fkey')?.graphviz).toBe('dashed');
  });

  test('every Graphviz diagram carries the legend: each line style and end drawn as real edges are, and the column markers', () => {
    for (const diagram of erdDiagrams(model)) {
      expect(diagram.dot).toContain('subgraph "cluster_legend" {');
      const samples = [...diagram.dot.matchAll(/^ {4}"legend:parent:(\d)":box:e -> "legend:child:\d":box:w \[(.*)\];$/gm)].map((m) => m[2]);
      expect(samples).toHaveLength(LEGEND_SAMPLES.length);
      expect(samples[0]).toMatch(/arrowtail=teetee, arrowhead=crowodot, color/);
      expect(samples[1]).toMatch(/arrowtail=teeodot, arrowhead=crowodot, style=dashed/);
      expect(samples[2]).toMatch(/arrowtail=teetee, arrowhead=teeodot, style=dashed/);
      const child = (i: number): string => new RegExp(`^ {4}"legend:child:${i}" \\[.*$`, 'm').exec(diagram.dot)?.[0] ?? '';
      expect(child(0)).toContain(`solid line: ${LINE_LEGEND.solid.meaning}`);
      expect(child(1)).toContain('parent end: zero or one parent (the foreign key is nullable)');
      expect(child(2)).toContain('child end: zero or one child (the foreign key is unique)');
      for (const marker of ['PK  primary key', 'FK  foreign key', 'UQ  unique', 'NN  not null']) expect(diagram.dot).toContain(marker);
    }
  });

  test('docs/erd.md says the same above its Mermaid blocks', () => {
    const before = mermaid.slice(0, mermaid.indexOf('```mermaid'));
    expect(before).toContain(`- Lines: solid \`--\` ${LINE_LEGEND.solid.meaning}; dashed \`..\` ${LINE_LEGEND.dashed.meaning}.`);
    expect(before).toContain('- Parent end: `||` exactly one parent (the foreign key is not null); `|o` zero or one parent (the foreign key is nullable).');
    expect(before).toContain('- Child end: `o{` zero or more children; `o|` zero or one child (the foreign key is unique).');
  });
});
