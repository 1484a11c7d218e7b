import type pg from 'pg';
import { insertGoodRows, insertRow, insertTeamWithOwner, updateRow, validRow, type RowIds, type TableName } from '../fixtures/good-rows.ts';
import type { TeamRole } from './access-matrix.ts';

/**
 * The rows the security tests act on, inserted as the table owner:
 * - A's world and B's world: one row in every table each (good-rows), every
 *   template private, so "own" and "other" rows are never public;
 * - team T, owned by B, where A is a member (setRole changes A's role) and C
 *   an Editor, with a brand kit of B's shared with T: the "team" rows;
 * - a public template of B's: the "public" row;
 * - E, a user in no team, whom inserts into team_members add;
 * - A's sessions: live, expired.
 */
export interface SecurityFixture {
  a: RowIds;
  b: RowIds;
  /** Rows shared with A through team T (teams, team_members, brand_kits) or public (templates). */
  team: Partial<Record<TableName, string>>;
  publicTemplate: string;
  /** A's membership in T. */
  membership: string;
  /** A user in no team. */
  outsider: string;
  session: string;
  expiredSession: string;
  /** C, the Editor of T. */
  teammate: string;
}

export async function insertSecurityFixture(client: pg.ClientBase): Promise<SecurityFixture> {
  const a = await insertGoodRows(client);
  const b = await insertGoodRows(client);
  for (const world of [a, b]) await updateRow(client, 'templates', world.templates, { is_public: false });
  const teammate = await insertRow(client, 'users', validRow('users', {}));
  const outsider = await insertRow(client, 'users', validRow('users', {}));
  const { team } = await insertTeamWithOwner(client, validRow('teams', { users: b.users }));
  const teammateMembership = await insertRow(client, 'team_members', validRow('team_members', { teams: team, users: teammate }));
  const membership = await insertRow(client, 'team_members', { ...validRow('team_members', { teams: team, users: a.users }), role: 'Viewer' });
  const teamKit = await insertRow(client, 'brand_kits', validRow('brand_kits', { users: b.users, teams: team }));
  const publicTemplate = await insertRow(client, 'templates', { ...validRow('templates', { users: b.users }), is_public: true });
  const expiredSession = await insertRow(client, 'sessions', {
    ...validRow('sessions', { users: a.users }),
    created_at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    expires_at: new Date(Date.now() - 86_400_000).toISOString(),
  });
  return {
    a,
    b,
    team: { teams: team, team_members: teammateMembership, brand_kits: teamKit },
    publicTemplate,
    membership,
    outsider,
    session: a.sessions,
    expiredSession,
    teammate,
  };
}

/** Makes A a member of T in the given role. */
export async function setRole(client: pg.ClientBase, fixture: SecurityFixture, role: TeamRole): Promise<void> {
  await updateRow(client, 'team_members', fixture.membership, { role });
}
