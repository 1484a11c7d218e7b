import { valueSetColumnsOf } from '../emit/value-set-columns.ts';
import type { CatalogIntrospection } from '../introspect/introspect.ts';
import { introspectionAs } from './introspection-role.ts';
import type { GraphqlInput } from './schema.ts';

/** What the GraphQL schema is built from, for a catalog fetched by introspectCatalog, as role would have fetched it. */
export function graphqlInputAs(catalog: Pick<CatalogIntrospection, 'introspectionText' | 'model'>, role: string): GraphqlInput {
  return { introspectionText: introspectionAs(catalog.introspectionText, role), valueSetColumns: valueSetColumnsOf(catalog.model) };
}
