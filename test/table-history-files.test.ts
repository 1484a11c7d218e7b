import { cpSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from './helpers/temp-dir.ts';

/**
 * readTableHistory on a copy of the migrations folder: the committed files in
 * order, then current.sql only when asked (as `npm start` and `dev` do, and
 * `check` does not). src/lib/paths.ts reads CFDB_MIGRATIONS_DIR when it is
 * first imported, so this file imports it only after setting the variable.
 */

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const migrations = makeTempDir('cfdb-table-history');
cpSync(join(repoRoot, 'migrations'), migrations, { recursive: true });
const before = process.env.CFDB_MIGRATIONS_DIR;
process.env.CFDB_MIGRATIONS_DIR = migrations;
afterAll(() => {
  if (before === undefined) delete process.env.CFDB_MIGRATIONS_DIR;
  else process.env.CFDB_MIGRATIONS_DIR = before;
});
const { readTableHistory } = await import('../src/migrate/table-history.ts');

const names = (current: boolean): string[] => readTableHistory({ current }).map((h) => `${h.schema}.${h.table}`);

describe('readTableHistory', () => {
  test('lists the committed tables in migration order, and current.sql’s after them only when asked', () => {
    writeFileSync(
      join(migrations, 'current.sql'),
      [
        'drop table if exists app_public.project_tags cascade;',
        'create table app_public.project_tags (id uuid primary key, project_id uuid not null references app_public.projects);',
        'create table app_public.users (id uuid);',
      ].join('\n'),
    );
    const committed = names(false);
    expect(committed).toHaveLength(22);
    expect(committed.slice(0, 2)).toEqual(['app_public.users', 'app_public.sessions']);
    expect(committed.at(-1)).toBe('app_public.ai_model_feedback');
    // users is already known: only the new table is added, last.
    expect(names(true)).toEqual([...committed, 'app_public.project_tags']);
  });
});
