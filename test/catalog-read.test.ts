import type pg from 'pg';
import { readCatalog } from '../src/introspect/catalog-read.ts';
import { catalogFingerprint, fingerprintFromCatalog } from '../src/introspect/fingerprint.ts';
import { introspectCatalog, modelFromCatalogTexts } from '../src/introspect/introspect.ts';
import { quoteIdentWith } from '../src/lib/sql-names.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';

/**
 * The model and the fingerprint come from one read of the catalog
 * (src/introspect/catalog-read.ts): one round trip, whose two texts give both.
 * A second catalog query for either, anywhere, shows up as a second round trip.
 */

let db: ScratchDatabase;
beforeAll(async () => {
  db = await createMigratedDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** What fn returns and how many times it sent something to the server. */
async function countingQueries<T>(client: pg.Client, fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const query = client.query.bind(client);
  let queries = 0;
  const counting = (...args: Parameters<pg.Client['query']>): ReturnType<pg.Client['query']> => {
    queries += 1;
    return query(...args) as ReturnType<pg.Client['query']>;
  };
  client.query = counting as pg.Client['query'];
  try {
    return { result: await fn(), queries };
  } finally {
    client.query = query;
  }
}

test('one round trip gives both the model and the fingerprint, and each is exactly what its own entry point reads', async () => {
  const read = await countingQueries(db.client, () => readCatalog(db.client));
  expect(read.queries).toBe(1);
  const { introspectionText, catalogTexts } = read.result;

  const fingerprint = await countingQueries(db.client, () => catalogFingerprint(db.client));
  expect(fingerprint.queries).toBe(1);
  expect(fingerprintFromCatalog(introspectionText, catalogTexts)).toBe(fingerprint.result);

  const catalog = await countingQueries(db.client, () => introspectCatalog(db.client));
  expect(catalog.queries).toBe(1);
  expect(catalog.result.catalogTexts).toBe(catalogTexts);
  expect(modelFromCatalogTexts(introspectionText, catalogTexts, 'app_public')).toEqual(catalog.result.model);
});

test('the fingerprint of one snapshot covers what the model of it describes', async () => {
  const { introspectionText, catalogTexts } = await readCatalog(db.client);
  const model = modelFromCatalogTexts(introspectionText, catalogTexts, 'app_public');
  const fingerprint = fingerprintFromCatalog(introspectionText, catalogTexts);
  const ident = quoteIdentWith(model.quotedKeywords);
  for (const table of model.tables) {
    for (const column of table.columns) expect(fingerprint).toContain(`table app_public.${ident(table.name)} column ${ident(column.name)}\ttype\t${column.type}\n`);
  }
  for (const fn of model.functions) expect(fingerprint).toContain(`function ${fn.name}(${fn.arguments ?? ''})\tkind\t`);
});
