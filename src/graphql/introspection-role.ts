import { UserError } from '../lib/errors.ts';

interface RoleRow {
  _id: string;
  rolname: string;
}
interface MembershipRow {
  member: string;
  roleid: string;
}
interface IntrospectionRoles {
  current_user?: unknown;
  roles?: RoleRow[];
  auth_members?: MembershipRow[];
}

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
 *
 * Roles are cluster-wide, so the text also carries every role of the server;
 * see withoutUnrelatedRoles for why those that touch nothing are left out.
 */
export function introspectionAs(introspectionText: string, role: string): string {
  const introspection = JSON.parse(introspectionText) as IntrospectionRoles;
  if (typeof introspection.current_user !== 'string') {
    throw new Error('the introspection has no current_user; PostGraphile changed its introspection query.');
  }
  if (!introspection.roles?.some((r) => r.rolname === role)) {
    throw new UserError(`role ${role} does not exist on this server, so the GraphQL schema cannot be built for it; run \`npm run migrate\`, which creates it.`);
  }
  return JSON.stringify(withoutUnrelatedRoles({ ...introspection, current_user: role }));
}

/**
 * The introspection without the roles nothing in it refers to.
 *
 * A role another database (or a parallel test) creates changes pg_roles but
 * not the API, and the GraphQL cache is keyed on this text: left in, every
 * such role would rebuild the schema. A role is kept when its OID or its name
 * occurs in any value outside `roles` and `auth_members` (an owner, an ACL
 * entry, current_user), or when a kept role is a member of it, so every
 * lookup PostGraphile makes (owners by OID, ACL grantees by name, the current
 * user's memberships) still finds its role. Matching a name as a substring
 * can only keep too many, never too few.
 */
function withoutUnrelatedRoles(introspection: IntrospectionRoles): IntrospectionRoles {
  const { roles = [], auth_members: memberships = [], ...rest } = introspection;
  const values = new Set<string>();
  collectStrings(rest, values);
  const mentioned = [...values];
  const kept = new Set(roles.filter((r) => values.has(r._id) || mentioned.some((v) => v.includes(r.rolname))).map((r) => r._id));
  for (let grew = true; grew; ) {
    grew = false;
    for (const { member, roleid } of memberships) {
      if (kept.has(member) && !kept.has(roleid)) {
        kept.add(roleid);
        grew = true;
      }
    }
  }
  return {
    ...rest,
    roles: roles.filter((r) => kept.has(r._id)),
    auth_members: memberships.filter((m) => kept.has(m.member) && kept.has(m.roleid)),
  };
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (typeof value === 'number') into.add(String(value));
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collectStrings(item, into);
}
