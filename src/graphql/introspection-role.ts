import { UserError } from '../lib/errors.ts';

/**
 * The introspection text as the given role would have fetched it.
 *
 * pg-introspection's query reads the catalog, which every role sees alike;
 * only its `current_user` field depends on who asks. PostGraphile's RBAC
 * plugin (PgRBACPlugin, in every preset) then keeps exactly what that role is
 * granted: no mutation without the privilege, no field for a column it may
 * not read. Naming the visitor there builds the API the visitor really gets,
 * from the one introspection generation already fetched and without a
 * connection that may SET ROLE to the visitor (an owner with CREATEROLE on
 * PostgreSQL 16+ may not). test/graphql-schema.test.ts checks that the result
 * equals PostGraphile's own introspection on a connection that did SET ROLE.
 */
export function introspectionAs(introspectionText: string, role: string): string {
  const introspection = JSON.parse(introspectionText) as { current_user?: unknown; roles?: { rolname?: unknown }[] };
  if (typeof introspection.current_user !== 'string') {
    throw new Error('the introspection has no current_user; PostGraphile changed its introspection query.');
  }
  if (!introspection.roles?.some((r) => r.rolname === role)) {
    throw new UserError(`role ${role} does not exist on this server, so the GraphQL schema cannot be built for it; run \`npm run migrate\`, which creates it.`);
  }
  return JSON.stringify({ ...introspection, current_user: role });
}
