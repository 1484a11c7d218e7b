import pg from 'pg';
import { makeIntrospectionQuery } from 'postgraphile/graphile-build-pg/pg-introspection';
import { queryCatalog, singleText } from './catalog-query.ts';
import { catalogTextsQuery } from './catalog-texts.ts';

/** The schemas the fingerprint covers unless told otherwise. */
export const fingerprintSchemas: readonly string[] = ['app_public', 'app_private'];

export interface CatalogRead {
  /**
   * The raw answer to pg-introspection's makeIntrospectionQuery(), exactly the
   * text PostGraphile fetches for itself: graphqlSdlFromIntrospection builds
   * the GraphQL schema from it without asking the database again.
   */
  introspectionText: string;
  /** The raw answer to catalogTextsQuery (a CatalogTexts as JSON). */
  catalogTexts: string;
}

/**
 * The one read of the catalog: pg-introspection's query and the catalog-texts
 * statement, in one queryCatalog round trip. The model (modelFromCatalogTexts)
 * and the fingerprint (fingerprintFromCatalog) are both built from its two
 * texts, so they describe the same snapshot and cannot disagree, and no other
 * code needs to know how the catalog is read.
 */
export async function readCatalog(client: pg.ClientBase, modelSchema = 'app_public', schemas: readonly string[] = fingerprintSchemas): Promise<CatalogRead> {
  const [introspectionResult, textsResult] = await queryCatalog(client, [makeIntrospectionQuery(), catalogTextsStatement(modelSchema, schemas)]);
  return { introspectionText: singleText(introspectionResult, 'introspection'), catalogTexts: singleText(textsResult, 'texts') };
}

function catalogTextsStatement(modelSchema: string, schemas: readonly string[]): string {
  const array = `ARRAY[${schemas.map((s) => pg.escapeLiteral(s)).join(', ')}]::text[]`;
  return catalogTextsQuery(pg.escapeLiteral(modelSchema), array);
}
