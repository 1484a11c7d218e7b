import { compareNames } from '../lib/compare.ts';
import type { GrantModel, TableModel } from '../model/schema-model.ts';
import { cell, code, table } from './markdown.ts';

/**
 * The "Security" section of a table page: whether row level security is on,
 * the policies, and per role what it may do to the table as a whole and to
 * which columns (a column-level SELECT, INSERT or UPDATE names its columns).
 * accessMatrix is the link to docs/security.md, the access matrix itself.
 */
export function securitySection(t: TableModel, accessMatrix: string): string {
  const { policies } = t;
  return [
    `${rowLevelSecurityText(t)} The access matrix: ${accessMatrix}.`,
    '',
    '### Policies',
    '',
    policies.length > 0
      ? table(
          ['Name', 'Command', 'Type', 'Roles', 'USING', 'WITH CHECK', 'Comment'],
          policies.map((p) => [
            code(p.name),
            p.command,
            p.permissive ? 'permissive' : 'restrictive',
            p.roles.map(code).join(', '),
            p.using === undefined ? '' : code(p.using),
            p.withCheck === undefined ? '' : code(p.withCheck),
            cell(p.comment),
          ]),
        )
      : t.rowLevelSecurity.enabled
        ? 'None: with RLS on and no policy, no role but the owner reads or writes a row.'
        : 'None.',
    '',
    '### Grants',
    '',
    grantsText(t),
  ].join('\n');
}

function rowLevelSecurityText(t: TableModel): string {
  const rls = t.rowLevelSecurity;
  if (!rls.enabled) return 'RLS off — every role with a grant sees every row.';
  if (rls.forced) return 'RLS enabled and forced: the policies below bind the table’s owner too (only superusers and roles with BYPASSRLS are exempt).';
  return 'RLS enabled: a role reads and writes only the rows the policies below allow (the table’s owner, superusers and roles with BYPASSRLS are exempt).';
}

interface RoleAccess {
  table: GrantModel[];
  /** Column privileges by privilege keyword, columns in table order. */
  columns: Map<string, { column: string; grantable: boolean }[]>;
}

/** SELECT, INSERT and UPDATE get a column each in the grants table; other column privileges (REFERENCES) sit with the table's. */
const PER_COLUMN = ['SELECT', 'INSERT', 'UPDATE'];

/** Per role: its table-level privileges, then for SELECT, INSERT and UPDATE the columns it may use ("all" through a table-level grant). */
function grantsText(t: TableModel): string {
  const roles = new Map<string, RoleAccess>();
  const access = (role: string): RoleAccess => {
    const entry = roles.get(role) ?? { table: [], columns: new Map() };
    roles.set(role, entry);
    return entry;
  };
  for (const g of t.grants) access(g.grantee).table.push(g);
  for (const column of t.columns) {
    for (const g of column.grants) {
      const { columns } = access(g.grantee);
      columns.set(g.privilege, [...(columns.get(g.privilege) ?? []), { column: column.name, grantable: g.grantable }]);
    }
  }
  if (roles.size === 0) return 'None: no role but the owner may read or change this table.';
  return table(
    ['Role', 'Table privileges', ...PER_COLUMN],
    [...roles]
      .sort(([a], [b]) => compareNames(a, b))
      .map(([role, entry]) => [
        code(role),
        [
          ...entry.table.map((g) => `${g.privilege}${withGrantOption(g.grantable)}`),
          ...[...entry.columns]
            .filter(([privilege]) => !PER_COLUMN.includes(privilege))
            .map(([privilege, columns]) => `${privilege} (${columnList(columns)})`),
        ].join(', '),
        ...PER_COLUMN.map((privilege) => columnCell(entry, privilege)),
      ]),
  );
}

/** "all" when the role holds the privilege on the whole table, else the columns it holds it on. */
function columnCell(entry: RoleAccess, privilege: string): string {
  const whole = entry.table.find((g) => g.privilege === privilege);
  if (whole) return `all${withGrantOption(whole.grantable)}`;
  return columnList(entry.columns.get(privilege) ?? []);
}

function columnList(columns: { column: string; grantable: boolean }[]): string {
  return columns.map((c) => `${code(c.column)}${withGrantOption(c.grantable)}`).join(', ');
}

function withGrantOption(grantable: boolean): string {
  return grantable ? ' (with grant option)' : '';
}
