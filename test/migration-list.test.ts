import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { committedMigrations } from '../src/migrate/migration-file.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

/** The one listing of migrations/committed/: graphile-migrate's files, oldest first, each with the name it records. */
describe('committedMigrations', () => {
  test('lists NNNNNN[-slug].sql files in number order and nothing else', () => {
    const dir = join(makeTempDir('cfdb-migration-list'), 'committed');
    mkdirSync(dir);
    for (const name of ['000002-add-tags.sql', '000010-z.sql', '000001.sql', 'README.md', '000003 copy.sql', '000004-draft.sql.bak']) {
      writeFileSync(join(dir, name), '');
    }
    expect(committedMigrations(dir)).toEqual([
      { file: '000001.sql', path: join(dir, '000001.sql'), recordedAs: '000001.sql' },
      { file: '000002-add-tags.sql', path: join(dir, '000002-add-tags.sql'), recordedAs: '000002.sql' },
      { file: '000010-z.sql', path: join(dir, '000010-z.sql'), recordedAs: '000010.sql' },
    ]);
  });
});
