import { compareNames } from '../lib/compare.ts';
import { builtInGrants, grantDelta } from '../model/privileges.ts';
import type { DefaultPrivilegeModel, GrantModel, TableModel } from '../model/schema-model.ts';
import type { SqlNames } from './sql-text.ts';

/**
 * GRANT, REVOKE and ALTER DEFAULT PRIVILEGES statements for the DDL emitter.
 * Each object is created with some privileges already (PUBLIC may execute a
 * new function, default privileges may add more); the statements turn those
 * into exactly the model's, so the rebuilt ACLs equal the migrated ones.
 */

/**
 * REVOKE what the object starts with and should not have (ALL when a grantee
 * keeps nothing), then GRANT what it lacks, one statement per grantee and
 * grant option. prefix goes before each statement (ALTER DEFAULT PRIVILEGES …).
 */
export function privilegeStatements(names: SqlNames, initial: readonly GrantModel[], wanted: readonly GrantModel[], object: string, prefix = ''): string[] {
  const { granted, revoked } = grantDelta(initial, wanted);
  const keeps = new Set(wanted.map((g) => g.grantee));
  return [
    ...byGrantee(revoked).map(
      (g) => `${prefix}REVOKE ${keeps.has(g.grantee) ? g.privileges.join(', ') : 'ALL'} ON ${object} FROM ${grantee(names, g.grantee)};`,
    ),
    ...byGrantee(granted).map(
      (g) => `${prefix}GRANT ${g.privileges.join(', ')} ON ${object} TO ${grantee(names, g.grantee)}${grantOption(g.grantable)};`,
    ),
  ];
}

/** Column privileges: one GRANT per grantee and privilege, naming every column it covers in table order. */
export function columnGrants(names: SqlNames, name: string, table: TableModel): string[] {
  const groups = new Map<string, { grant: GrantModel; columns: string[] }>();
  for (const column of table.columns) {
    for (const grant of column.grants) {
      const key = `${grant.grantee}\u0000${grant.privilege}\u0000${grant.grantable}`;
      const group = groups.get(key) ?? { grant, columns: [] };
      group.columns.push(names.ident(column.name));
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .sort((a, b) => compareNames(a.grant.grantee, b.grant.grantee) || compareNames(a.grant.privilege, b.grant.privilege))
    .map(
      ({ grant, columns }) =>
        `GRANT ${grant.privilege} (${columns.join(', ')}) ON TABLE ${name} TO ${grantee(names, grant.grantee)}${grantOption(grant.grantable)};`,
    );
}

/**
 * ALTER DEFAULT PRIVILEGES for one entry. An entry for every schema replaces
 * the built-in default, so it revokes from it as well as granting; an entry
 * for one schema can only add.
 */
export function defaultPrivilegeStatements(names: SqlNames, entry: DefaultPrivilegeModel): string[] {
  const prefix = [
    'ALTER DEFAULT PRIVILEGES',
    ...(entry.role !== undefined ? [`FOR ROLE ${names.ident(entry.role)}`] : []),
    ...(entry.schema !== undefined ? [`IN SCHEMA ${names.ident(entry.schema)}`] : []),
    '',
  ].join(' ');
  return privilegeStatements(names, entry.schema === undefined ? builtInGrants(entry.objects) : [], entry.grants, entry.objects, prefix);
}

export function grantee(names: SqlNames, role: string): string {
  return role === 'PUBLIC' ? 'PUBLIC' : names.ident(role);
}

/** Grants grouped by grantee and grant option, in the order they first appear (the model sorts by grantee). */
function byGrantee(grants: readonly GrantModel[]): { grantee: string; grantable: boolean; privileges: string[] }[] {
  const groups = new Map<string, { grantee: string; grantable: boolean; privileges: string[] }>();
  for (const g of grants) {
    const key = `${g.grantee}\u0000${g.grantable}`;
    const group = groups.get(key) ?? {
      grantee: g.grantee,
      grantable: g.grantable,
      privileges: [],
    };
    group.privileges.push(g.privilege);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function grantOption(grantable: boolean): string {
  return grantable ? ' WITH GRANT OPTION' : '';
}
