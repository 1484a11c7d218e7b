import { introspectionAs } from '../src/graphql/introspection-role.ts';

/**
 * introspectionAs on hand-built introspections: which roles it keeps, so
 * every role PostGraphile looks up is still there and no other one is.
 */

const role = (id: string, rolname: string): { _id: string; rolname: string } => ({ _id: id, rolname });

function rolesKept(introspection: Record<string, unknown>, as: string): { roles: string[]; memberships: string[] } {
  const result = JSON.parse(introspectionAs(JSON.stringify(introspection), as)) as {
    roles: { rolname: string }[];
    auth_members: { member: string; roleid: string }[];
  };
  return { roles: result.roles.map((r) => r.rolname), memberships: result.auth_members.map((m) => `${m.member}->${m.roleid}`) };
}

describe('introspectionAs', () => {
  const base = {
    current_user: 'owner',
    database: { datdba: '10' },
    classes: [{ relname: 'users', relowner: '20', relacl: ['grantee=r/owner'] }],
    roles: [role('10', 'postgres'), role('20', 'owner'), role('30', 'visitor'), role('40', 'grantee'), role('50', 'base'), role('60', 'stray'), role('70', 'stray_login')],
    auth_members: [
      { member: '30', roleid: '40' },
      { member: '40', roleid: '50' },
      { member: '70', roleid: '30' },
    ],
  };

  test('keeps owners by OID, ACL grantees by name, the current user and every role it is a member of, transitively', () => {
    expect(rolesKept(base, 'visitor')).toEqual({ roles: ['postgres', 'owner', 'visitor', 'grantee', 'base'], memberships: ['30->40', '40->50'] });
  });

  test('a role granted to the current user is kept even when nothing else names it', () => {
    const introspection = { ...base, classes: [], auth_members: [{ member: '30', roleid: '60' }] };
    expect(rolesKept(introspection, 'visitor').roles).toContain('stray');
  });

  test('names the role asked for, and refuses one the server does not have', () => {
    expect(JSON.parse(introspectionAs(JSON.stringify(base), 'visitor'))).toMatchObject({ current_user: 'visitor' });
    expect(() => introspectionAs(JSON.stringify(base), 'nobody')).toThrow('role nobody does not exist on this server');
  });
});
