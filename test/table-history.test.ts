import { statementWords } from '../src/migrate/sql-words.ts';
import { tableHistory } from '../src/migrate/table-history.ts';

const names = (texts: string[]): string[] => tableHistory(texts).map((h) => `${h.schema}.${h.table}`);

describe('tableHistory (pure)', () => {
  test('lists each schema-qualified table once, at its first create, across files oldest first', () => {
    const first = `
      create table app_public.users (id uuid primary key);
      create table if not exists app_public.projects (id uuid, user_id uuid references app_public.users);
      create unlogged table app_private.cache (k text);`;
    const second = `
      drop table if exists app_public.users cascade;
      create table app_public.users (id uuid primary key);
      create table app_public."Odd Table" ("Select" int);`;
    expect(names([first, second])).toEqual(['app_public.users', 'app_public.projects', 'app_private.cache', 'app_public.Odd Table']);
  });

  test('ignores create table inside comments, strings and function bodies, and temporary or unqualified tables', () => {
    const text = `
      -- create table app_public.in_line_comment (id int);
      /* create table app_public.in_block /* nested */ create table app_public.still_in_block (id int); */
      comment on table app_public.t is 'create table app_public.in_string (id int); it''s quoted';
      select E'\\' create table app_public.in_escape_string (id int);';
      create function app_private.f() returns void language plpgsql as $body$
        begin create table app_public.in_body (id int); end
      $body$;
      do $$ begin execute 'x'; end $$;
      create temporary table scratch (id int);
      create table unqualified (id int);
      create table app_public.real_one (id int);`;
    expect(names([text])).toEqual(['app_public.real_one']);
  });

  test('a rename names a new table in the same schema; a column rename does not', () => {
    const text = `
      create table app_public.a (id int);
      alter table if exists only app_public.a rename to b;
      alter table app_public.b rename column id to key;`;
    expect(names([text])).toEqual(['app_public.a', 'app_public.b']);
  });
});

describe('statementWords (pure)', () => {
  test('splits at semicolons outside literals, folds unquoted words and keeps quoted ones as written', () => {
    const statements = statementWords(`CREATE TABLE App."My;Table" (x text default 'a;b'); select 1;`);
    expect(statements.map((words) => words.map((w) => (w.quoted ? `"${w.text}"` : w.text)).join(' '))).toEqual([
      'create table app . "My;Table" x text default',
      'select',
    ]);
  });
});
