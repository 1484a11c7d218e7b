import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/lib/paths.ts';

/**
 * The access matrix of docs/security.md, read as data: the document is the
 * specification, and test/access-matrix.test.ts checks the database against
 * what it says.
 */

export const COMMANDS = ['select', 'insert', 'update', 'delete'] as const;
export type Command = (typeof COMMANDS)[number];

/** A team member role, lowest first; a team's owner holds every role. */
export const TEAM_ROLES = ['Viewer', 'Editor', 'Admin', 'Owner'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Who a cell lets in; `team` carries the lowest member role it needs. */
export type Reach = { kind: 'own' } | { kind: 'public' } | { kind: 'signed in' } | { kind: 'team'; role: TeamRole };

export interface MatrixRow {
  table: string;
  cells: Record<Command, Reach[]>;
  /** What an anonymous request may select. */
  anonymous: Reach[];
}

export const securityDocPath = join(repoRoot, 'docs', 'security.md');

/** The matrix rows: lines `| \`table\` | select | insert | update | delete | anonymous | why |`. */
export function readAccessMatrix(text = readFileSync(securityDocPath, 'utf8')): MatrixRow[] {
  return text
    .split('\n')
    .filter((line) => /^\| `[a-z_]+` \|/.test(line))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
    .filter((cells) => cells.length === 7)
    .map(([table = '', select = '', insert = '', update = '', del = '', anonymous = '']) => ({
      table: table.replaceAll('`', ''),
      cells: { select: parseCell(select), insert: parseCell(insert), update: parseCell(update), delete: parseCell(del) },
      anonymous: parseCell(anonymous),
    }));
}

function parseCell(cell: string): Reach[] {
  if (cell === 'no') return [];
  return cell.split(',').map((part) => parseReach(part.trim(), cell));
}

function parseReach(part: string, cell: string): Reach {
  if (part === 'own' || part === 'public' || part === 'signed in') return { kind: part };
  const team = /^team(?: \((Editor|Admin|Owner)\))?$/.exec(part);
  if (team) return { kind: 'team', role: (team[1] as TeamRole | undefined) ?? 'Viewer' };
  throw new Error(`docs/security.md: "${part}" in the cell "${cell}" is not one of own, public, signed in, team, team (Editor|Admin|Owner), no`);
}

/** Whether a cell lets a visitor who is `role` in the shared team reach a row of `kind`. */
export function reaches(reach: Reach[], kind: 'own' | 'other' | 'team' | 'public', role: TeamRole): boolean {
  return reach.some((r) => {
    if (r.kind === 'signed in') return true;
    if (r.kind === 'team') return kind === 'team' && TEAM_ROLES.indexOf(role) >= TEAM_ROLES.indexOf(r.role);
    return r.kind === kind;
  });
}

/** The "Columns no visitor can read" table: table → its unreadable columns. */
export function readUnreadableColumns(text = readFileSync(securityDocPath, 'utf8')): Map<string, string[]> {
  const section = text.split('## Columns no visitor can read')[1]?.split('\n## ')[0] ?? '';
  const rows = section
    .split('\n')
    .filter((line) => /^\| `[a-z_]+` \|/.test(line))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  return new Map(rows.map(([table = '', columns = '']) => [table.replaceAll('`', ''), [...columns.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? '')]));
}
