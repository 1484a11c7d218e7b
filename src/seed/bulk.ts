import type pg from 'pg';

/**
 * PostgreSQL's advice for populating a database, for app_public: drop the
 * foreign keys and the plain (non-unique) indexes, load, then re-create them,
 * so each key is validated by one set-based check and each index is built
 * once instead of both being maintained row by row. Primary keys, unique
 * constraints and indexes, checks and triggers stay, so every invariant still
 * runs during the load. Call inside the load's transaction: a failure rolls
 * the drops back with the rows, and the schema is never left half-restored.
 */
export async function withoutKeysAndIndexes<T>(client: pg.ClientBase, load: () => Promise<T>): Promise<T> {
  const { rows } = await client.query<{ drop: string; restore: string[] }>(capturedDefinitionsSql);
  for (const row of rows) await client.query(row.drop);
  const result = await load();
  // An index cannot be built on a table with pending trigger events: the
  // deferred checks (a team's Owner member) run now, over the whole load.
  await client.query('set constraints all immediate');
  // Indexes (ordered first) before the keys, whose checks then read built tables.
  for (const row of rows) for (const statement of row.restore) await client.query(statement);
  return result;
}

/** Each foreign key and plain index: the statement dropping it and those re-creating it with its name and comment, indexes first. */
const capturedDefinitionsSql = `
  select 0 as kind, format('drop index %I.%I', n.nspname, c.relname) as drop,
         array_remove(array[
           pg_get_indexdef(c.oid),
           case when obj_description(c.oid, 'pg_class') is not null
             then format('comment on index %I.%I is %L', n.nspname, c.relname, obj_description(c.oid, 'pg_class')) end
         ], null) as restore
  from pg_index i
  join pg_class c on c.oid = i.indexrelid
  join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'app_public' and not i.indisunique and not i.indisexclusion and not i.indisclustered and not i.indisreplident
  union all
  select 1, format('alter table %I.%I drop constraint %I', n.nspname, t.relname, k.conname),
         array_remove(array[
           format('alter table %I.%I add constraint %I %s', n.nspname, t.relname, k.conname, pg_get_constraintdef(k.oid)),
           case when obj_description(k.oid, 'pg_constraint') is not null
             then format('comment on constraint %I on %I.%I is %L', k.conname, n.nspname, t.relname, obj_description(k.oid, 'pg_constraint')) end
         ], null)
  from pg_constraint k
  join pg_class t on t.oid = k.conrelid
  join pg_namespace n on n.oid = t.relnamespace
  where n.nspname = 'app_public' and k.contype = 'f'
  order by kind, drop`;
