import pg from 'pg';
import { apiRoles } from '../src/db/roles.ts';
import { insertFreshRow, insertGoodRows, insertRow, insertTeamWithOwner, validRow, type Queryable, type RowIds } from './fixtures/good-rows.ts';
import { committedMigrationBodies, createDatabaseThrough, createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { byKey } from '../src/lib/compare.ts';

/**
 * The invariants of migration 000003 (issue #11), each broken on purpose: the
 * statement must fail with the invariant's name as the error's constraint and
 * its SQLSTATE. Rows are inserted in autocommit, so the team rules, which are
 * checked at commit, are seen as a client sees them.
 */

interface Refusal {
  code?: string;
  constraint?: string;
}

let db: ScratchDatabase;
let ids: RowIds;

beforeAll(async () => {
  db = await createMigratedDatabase();
  ids = await insertGoodRows(db.client);
});

afterAll(async () => {
  await db?.drop();
});

/** The error `body` fails with (code and constraint), or undefined if it succeeds. */
async function refusal(body: () => Promise<unknown>): Promise<Refusal | undefined> {
  try {
    await body();
    return undefined;
  } catch (error) {
    const { code, constraint } = error as Refusal;
    return { code, constraint };
  }
}

/** Runs `statements` in one transaction on `client`, committing it; rolls back on failure. */
async function transaction(client: Queryable, statements: [string, unknown[]?][]): Promise<void> {
  await client.query('begin');
  try {
    for (const [sql, values] of statements) await client.query(sql, values);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

const refusedAs = (constraint: string, code = '23000'): Refusal => ({ code, constraint });

async function newUser(client: Queryable = db.client): Promise<string> {
  return insertRow(client, 'users', validRow('users', {}));
}

function ledger(user: string, amount: string, action = amount.startsWith('-') ? 'GenerationCharge' : 'Purchase', client: Queryable = db.client): Promise<unknown> {
  return client.query('insert into app_public.credit_transactions (user_id, amount, action_type) values ($1, $2, $3)', [user, amount, action]);
}

/** The user's balance and the sum of their ledger, as text. */
async function account(user: string, client: Queryable = db.client): Promise<{ balance: string; ledger: string }> {
  const { rows } = await client.query<{ balance: string; ledger: string }>(
    `select u.credit_balance::text as balance, coalesce((select sum(t.amount) from app_public.credit_transactions t where t.user_id = u.id), 0)::numeric(10, 2)::text as ledger
     from app_public.users u where u.id = $1`,
    [user],
  );
  const row = rows[0];
  if (!row) throw new Error(`no user ${user}`);
  return row;
}

/** mulberry32: a small seeded PRNG, so the random sequence is the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const cents = (n: number): string => (n / 100).toFixed(2);

describe('the ledger is the only way credits change', () => {
  test('a ledger row moves the balance in its own statement; a debit beyond the balance is refused as users_credit_balance_check', async () => {
    const user = await newUser();
    await ledger(user, '10.00');
    expect(await account(user)).toEqual({ balance: '10.00', ledger: '10.00' });
    await ledger(user, '-10.00');
    expect(await account(user)).toEqual({ balance: '0.00', ledger: '0.00' });
    expect(await refusal(() => ledger(user, '-0.01'))).toEqual(refusedAs('users_credit_balance_check', '23514'));
    expect(await account(user)).toEqual({ balance: '0.00', ledger: '0.00' });
  });

  test("one statement applies each user's sum, and a statement that overdraws anyone is refused whole", async () => {
    const [a, b] = [await newUser(), await newUser()];
    const insertMany = (rows: [string, string, string][]): Promise<unknown> =>
      db.client.query(
        `insert into app_public.credit_transactions (user_id, amount, action_type) select * from unnest($1::uuid[], $2::numeric[], $3::text[])`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
      );
    // The debit comes first in the statement: only the user's sum counts.
    await insertMany([[a, '-4.00', 'GenerationCharge'], [a, '10.00', 'Purchase'], [b, '5.00', 'Purchase']]);
    expect([await account(a), await account(b)]).toEqual([{ balance: '6.00', ledger: '6.00' }, { balance: '5.00', ledger: '5.00' }]);
    expect(await refusal(() => insertMany([[b, '1.00', 'Purchase'], [a, '-6.01', 'GenerationCharge']]))).toEqual(refusedAs('users_credit_balance_check', '23514'));
    expect([await account(a), await account(b)]).toEqual([{ balance: '6.00', ledger: '6.00' }, { balance: '5.00', ledger: '5.00' }]);
  });

  test('a direct change of credit_balance is refused as users_credit_balance_ledger, even for the owner; other columns still change', async () => {
    const user = await newUser();
    await ledger(user, '3.00');
    expect(await refusal(() => db.client.query('update app_public.users set credit_balance = 1000 where id = $1', [user]))).toEqual(refusedAs('users_credit_balance_ledger'));
    expect(await refusal(() => db.client.query('update app_public.users set credit_balance = credit_balance - 1 where id = $1', [user]))).toEqual(refusedAs('users_credit_balance_ledger'));
    expect(await refusal(() => insertRow(db.client, 'users', { ...validRow('users', {}), credit_balance: '5.00' }))).toEqual(refusedAs('users_credit_balance_ledger'));
    await db.client.query(`update app_public.users set subscription_tier = 'Team', credit_balance = credit_balance where id = $1`, [user]);
    expect(await account(user)).toEqual({ balance: '3.00', ledger: '3.00' });
  });

  test('8 concurrent transactions spending the same credits never overdraw: exactly the affordable ones commit', async () => {
    const user = await newUser();
    await ledger(user, '5.00');
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        return client;
      }),
    );
    try {
      await Promise.all(clients.map((c) => c.query('begin')));
      // All eight are inside a transaction before any spends; each holds its transaction open a moment after its debit.
      const outcomes = await Promise.all(
        clients.map((c) =>
          refusal(async () => {
            await ledger(user, '-2.00', 'GenerationCharge', c);
            await new Promise((resolve) => setTimeout(resolve, 50));
            await c.query('commit');
          }).then(async (failed) => {
            if (failed) await c.query('rollback');
            return failed;
          }),
        ),
      );
      expect(outcomes.filter((o) => o === undefined)).toHaveLength(2);
      expect(outcomes.filter((o) => o !== undefined)).toEqual(Array.from({ length: 6 }, () => refusedAs('users_credit_balance_check', '23514')));
      expect(await account(user)).toEqual({ balance: '1.00', ledger: '1.00' });
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  test('a seeded random sequence of purchases, charges, refunds and batches keeps balance = sum(ledger) and never goes below 0', async () => {
    const random = prng(20_261_202);
    const users = [await newUser(), await newUser(), await newUser()];
    const model = new Map(users.map((u) => [u, 0]));
    let refused = 0;
    for (let step = 0; step < 300; step++) {
      const user = users[Math.floor(random() * users.length)] ?? '';
      const kind = random();
      const amount = 1 + Math.floor(random() * 2_000);
      const held = model.get(user) ?? 0;
      if (kind < 0.3) {
        await ledger(user, cents(amount), 'Purchase');
        model.set(user, held + amount);
      } else if (kind < 0.8) {
        const failed = await refusal(() => ledger(user, cents(-amount), 'GenerationCharge'));
        // Refused exactly when the model says the user cannot afford it.
        expect([step, failed]).toEqual([step, amount > held ? refusedAs('users_credit_balance_check', '23514') : undefined]);
        if (failed) refused++;
        else model.set(user, held - amount);
      } else if (kind < 0.9) {
        await ledger(user, cents(amount), 'Refund');
        model.set(user, held + amount);
      } else {
        // One statement for every user: a grant to each, then a charge of the same size to the first.
        await db.client.query(
          `insert into app_public.credit_transactions (user_id, amount, action_type)
           select u, $2::numeric, 'SubscriptionGrant' from unnest($1::uuid[]) u
           union all select ($1::uuid[])[1], -$2::numeric, 'GenerationCharge'`,
          [users, cents(amount)],
        );
        for (const u of users) model.set(u, (model.get(u) ?? 0) + amount);
        model.set(users[0] ?? '', (model.get(users[0] ?? '') ?? 0) - amount);
      }
    }
    expect(refused).toBeGreaterThan(0);
    for (const u of users) expect(await account(u)).toEqual({ balance: cents(model.get(u) ?? 0), ledger: cents(model.get(u) ?? 0) });
  });
});

describe('the ledger and the usage log are append-only', () => {
  test('credit_transactions refuses UPDATE, DELETE and TRUNCATE as credit_transactions_append_only', async () => {
    const id = ids.credit_transactions;
    const refused = refusedAs('credit_transactions_append_only');
    expect(await refusal(() => db.client.query(`update app_public.credit_transactions set amount = 100 where id = $1`, [id]))).toEqual(refused);
    expect(await refusal(() => db.client.query(`update app_public.credit_transactions set amount = amount where id = $1`, [id]))).toEqual(refused);
    expect(await refusal(() => db.client.query(`delete from app_public.credit_transactions where id = $1`, [id]))).toEqual(refused);
    expect(await refusal(() => db.client.query('truncate app_public.credit_transactions'))).toEqual(refused);
    expect(await refusal(() => db.client.query('truncate app_public.users cascade'))).toEqual(refused);
    // Nulling a reference by hand is refused while the request exists.
    expect(await refusal(() => db.client.query(`update app_public.credit_transactions set generation_request_id = null where id = $1`, [id]))).toEqual(refused);
  });

  test('usage_logs refuses UPDATE, DELETE and TRUNCATE as usage_logs_append_only', async () => {
    const id = ids.usage_logs;
    const refused = refusedAs('usage_logs_append_only');
    expect(await refusal(() => db.client.query(`update app_public.usage_logs set details = '{}' where id = $1`, [id]))).toEqual(refused);
    expect(await refusal(() => db.client.query(`delete from app_public.usage_logs where id = $1`, [id]))).toEqual(refused);
    expect(await refusal(() => db.client.query('truncate app_public.usage_logs'))).toEqual(refused);
  });

  test("deleting a request or an API client nulls the ledger's reference to it, the one change a ledger row takes, and stamps updated_at", async () => {
    const request = await insertFreshRow(db.client, 'generation_requests', ids);
    const client = await insertFreshRow(db.client, 'api_clients', ids);
    const entry = await insertFreshRow(db.client, 'credit_transactions', ids, { generation_request_id: request, api_client_id: client, amount: '1.00', action_type: 'Refund' });
    const read = async (): Promise<{ generation_request_id: string | null; api_client_id: string | null; changed: boolean }> =>
      (
        await db.client.query<{ generation_request_id: string | null; api_client_id: string | null; changed: boolean }>(
          'select generation_request_id, api_client_id, updated_at > created_at as changed from app_public.credit_transactions where id = $1',
          [entry],
        )
      ).rows[0] ?? { generation_request_id: 'missing', api_client_id: 'missing', changed: false };
    expect(await read()).toEqual({ generation_request_id: request, api_client_id: client, changed: false });
    await db.client.query('delete from app_public.generation_requests where id = $1', [request]);
    await db.client.query('delete from app_public.api_clients where id = $1', [client]);
    expect(await read()).toEqual({ generation_request_id: null, api_client_id: null, changed: true });
  });

  test('a user with ledger rows cannot be deleted; a user with usage logs only is deleted with them', async () => {
    const spender = await newUser();
    await ledger(spender, '1.00');
    expect(await refusal(() => db.client.query('delete from app_public.users where id = $1', [spender]))).toEqual({
      code: expect.stringMatching(/^(23503|23001)$/) as unknown as string,
      constraint: 'credit_transactions_user_id_fkey',
    });
    const visitor = await newUser();
    await insertRow(db.client, 'usage_logs', validRow('usage_logs', { users: visitor }));
    await db.client.query('delete from app_public.users where id = $1', [visitor]);
    const { rows } = await db.client.query('select 1 from app_public.usage_logs where user_id = $1', [visitor]);
    expect(rows).toEqual([]);
  });
});

describe('versions and final assets belong where they say', () => {
  test('a version number occurs once per project among its project versions (asset_versions_project_id_version_number_key)', async () => {
    const other = await insertFreshRow(db.client, 'projects', ids);
    const version = (project: string): Promise<string> => insertRow(db.client, 'asset_versions', { project_id: project, version_number: 41 });
    await version(ids.projects);
    expect(await refusal(() => version(ids.projects))).toEqual(refusedAs('asset_versions_project_id_version_number_key', '23505'));
    await version(other);
  });

  test("an asset version's project is its asset's, and follows the asset when it moves (asset_versions_asset_id_project_id_fkey)", async () => {
    const [p1, p2] = [await insertFreshRow(db.client, 'projects', ids), await insertFreshRow(db.client, 'projects', ids)];
    const asset = await insertFreshRow(db.client, 'assets', ids, { project_id: p1 });
    expect(await refusal(() => insertRow(db.client, 'asset_versions', { asset_id: asset, project_id: p2, version_number: 1 }))).toEqual(
      refusedAs('asset_versions_asset_id_project_id_fkey', '23503'),
    );
    const version = await insertRow(db.client, 'asset_versions', { asset_id: asset, project_id: p1, version_number: 1 });
    const projectOf = async (): Promise<unknown> => (await db.client.query('select project_id from app_public.asset_versions where id = $1', [version])).rows[0];
    await db.client.query('update app_public.assets set project_id = $2 where id = $1', [asset, p2]);
    expect(await projectOf()).toEqual({ project_id: p2 });
    await db.client.query('update app_public.assets set project_id = null where id = $1', [asset]);
    expect(await projectOf()).toEqual({ project_id: null });
  });

  test("a request's final asset is one it produced (generation_requests_final_asset_id_id_fkey), and stays its own", async () => {
    const [mine, theirs] = [await insertFreshRow(db.client, 'generation_requests', ids), await insertFreshRow(db.client, 'generation_requests', ids)];
    const output = await insertFreshRow(db.client, 'assets', ids, { generation_request_id: mine });
    const setFinal = (request: string): Promise<unknown> => db.client.query('update app_public.generation_requests set final_asset_id = $2 where id = $1', [request, output]);
    expect(await refusal(() => setFinal(theirs))).toEqual(refusedAs('generation_requests_final_asset_id_id_fkey', '23503'));
    await setFinal(mine);
    expect(await refusal(() => db.client.query('update app_public.assets set generation_request_id = $2 where id = $1', [output, theirs]))).toEqual(
      refusedAs('generation_requests_final_asset_id_id_fkey', '23503'),
    );
    await db.client.query('delete from app_public.generation_requests where id = $1', [mine]);
    const { rows } = await db.client.query('select generation_request_id from app_public.assets where id = $1', [output]);
    expect(rows).toEqual([{ generation_request_id: null }]);
  });
});

describe("a team's owner is its Owner member (checked at commit)", () => {
  const newTeam = async (owner: string): Promise<string> => (await insertTeamWithOwner(db.client, validRow('teams', { users: owner }))).team;
  const member = (team: string, user: string, role: string): [string, unknown[]] => [
    'insert into app_public.team_members (team_id, user_id, role) values ($1, $2, $3)',
    [team, user, role],
  ];

  test('a team and its Owner member created in one transaction commit; a team without one is refused as teams_owner_member', async () => {
    const owner = await newUser();
    const team = '00000000-0000-4000-8000-000000000001';
    await transaction(db.client, [['insert into app_public.teams (id, name, owner_id) values ($1, $2, $3)', [team, 'Studio', owner]], member(team, owner, 'Owner')]);
    expect(await refusal(() => insertRow(db.client, 'teams', validRow('teams', { users: owner })))).toEqual(refusedAs('teams_owner_member'));
    expect(await refusal(() => transaction(db.client, [['insert into app_public.teams (name, owner_id) values ($1, $2) returning id', ['Solo', owner]]]))).toEqual(
      refusedAs('teams_owner_member'),
    );
  });

  // The check runs as the schema owner (SECURITY DEFINER), so it sees and locks rows the visitor's policies would hide.
  test('a visitor creates a team and makes themselves its Owner member, and it commits', async () => {
    const owner = await newUser();
    const session = await insertRow(db.client, 'sessions', validRow('sessions', { users: owner }));
    await db.client.query('begin');
    try {
      await db.client.query(`set local role ${db.client.escapeIdentifier(apiRoles().visitor)}`);
      await db.client.query(`select set_config('jwt.claims.session_id', $1, true)`, [session]);
      const { rows } = await db.client.query<{ id: string }>(`insert into app_public.teams (name) values ('Visitors') returning id`);
      await db.client.query(`insert into app_public.team_members (team_id, user_id, role) values ($1, $2, 'Owner')`, [rows[0]?.id, owner]);
      await db.client.query('commit');
    } catch (error) {
      await db.client.query('rollback');
      throw error;
    }
    const { rows } = await db.client.query(`select m.role from app_public.teams t join app_public.team_members m on m.team_id = t.id and m.user_id = t.owner_id where t.owner_id = $1`, [owner]);
    expect(rows).toEqual([{ role: 'Owner' }]);
  });

  test('demoting or removing the Owner member is refused at commit', async () => {
    const owner = await newUser();
    const team = await newTeam(owner);
    const refused = refusedAs('teams_owner_member');
    expect(await refusal(() => db.client.query(`update app_public.team_members set role = 'Admin' where team_id = $1 and user_id = $2`, [team, owner]))).toEqual(refused);
    expect(await refusal(() => db.client.query('delete from app_public.team_members where team_id = $1 and user_id = $2', [team, owner]))).toEqual(refused);
    const { rows } = await db.client.query('select role from app_public.team_members where team_id = $1', [team]);
    expect(rows).toEqual([{ role: 'Owner' }]);
  });

  test('owner_id moves only to the Owner member: to a non-Owner it is refused, a full transfer in one transaction commits', async () => {
    const [owner, admin] = [await newUser(), await newUser()];
    const team = await newTeam(owner);
    await transaction(db.client, [member(team, admin, 'Admin')]);
    const refused = refusedAs('teams_owner_member');
    expect(await refusal(() => db.client.query('update app_public.teams set owner_id = $2 where id = $1', [team, admin]))).toEqual(refused);
    // A second Owner member who is not the owner.
    expect(await refusal(() => db.client.query(`update app_public.team_members set role = 'Owner' where team_id = $1 and user_id = $2`, [team, admin]))).toEqual(refused);
    await transaction(db.client, [
      ['update app_public.teams set owner_id = $2 where id = $1', [team, admin]],
      [`update app_public.team_members set role = 'Owner' where team_id = $1 and user_id = $2`, [team, admin]],
      [`update app_public.team_members set role = 'Admin' where team_id = $1 and user_id = $2`, [team, owner]],
    ]);
    const { rows } = await db.client.query('select t.owner_id, m.user_id from app_public.teams t join app_public.team_members m on m.team_id = t.id and m.role = $2 where t.id = $1', [team, 'Owner']);
    expect(rows).toEqual([{ owner_id: admin, user_id: admin }]);
  });

  test('deleting a team takes its members, the Owner member included', async () => {
    const team = await newTeam(await newUser());
    await db.client.query('delete from app_public.teams where id = $1', [team]);
    const { rows } = await db.client.query('select 1 from app_public.team_members where team_id = $1', [team]);
    expect(rows).toEqual([]);
  });
});

describe('deploying 000003 on rows that broke the rules', () => {
  let old: ScratchDatabase;

  beforeAll(async () => {
    old = await createDatabaseThrough(2);
  });

  afterAll(async () => {
    await old?.drop();
  });

  test('balances get an opening Adjustment, owners become Owner members, versions and final assets are put right', async () => {
    const q = old.client;
    const world = await insertGoodRows(q);
    // Breaking each rule, as 000002 allowed: a balance the ledger does not explain, an Editor owner and a
    // second Owner, a version in another project, two project versions numbered alike, a final asset of another request.
    await q.query('update app_public.users set credit_balance = 10 where id = $1', [world.users]);
    const outsider = await newUser(q);
    await q.query(`insert into app_public.team_members (team_id, user_id, role) values ($1, $2, 'Owner')`, [world.teams, outsider]);
    await q.query(`update app_public.team_members set role = 'Editor' where id = $1`, [world.team_members]);
    const elsewhere = await insertFreshRow(q, 'projects', world);
    await q.query('update app_public.asset_versions set project_id = $2 where id = $1', [world.asset_versions, elsewhere]);
    const twins = [
      await insertRow(q, 'asset_versions', { project_id: world.projects, version_number: 3 }),
      await insertRow(q, 'asset_versions', { project_id: world.projects, version_number: 3 }),
    ];
    const stranger = await insertFreshRow(q, 'generation_requests', world);
    await q.query('update app_public.generation_requests set final_asset_id = $2 where id = $1', [stranger, world.assets]);

    const migration = committedMigrationBodies()[2];
    expect(migration?.file).toMatch(/^000003-/);
    await q.query(migration?.body ?? '');

    expect(await account(world.users, q)).toEqual({ balance: '10.00', ledger: '10.00' });
    const { rows: adjustments } = await q.query(`select amount::text from app_public.credit_transactions where user_id = $1 and action_type = 'Adjustment'`, [world.users]);
    expect(adjustments).toEqual([{ amount: '7.50' }]);
    const { rows: members } = await q.query('select user_id, role from app_public.team_members where team_id = $1 order by role desc', [world.teams]);
    expect(members).toEqual([{ user_id: world.users, role: 'Owner' }, { user_id: outsider, role: 'Admin' }]);
    const { rows: version } = await q.query('select project_id from app_public.asset_versions where id = $1', [world.asset_versions]);
    expect(version).toEqual([{ project_id: world.projects }]);
    const { rows: numbers } = await q.query('select version_number from app_public.asset_versions where id = any($1::uuid[]) order by version_number', [twins]);
    expect(numbers).toEqual([{ version_number: 3 }, { version_number: 4 }]);
    const { rows: finals } = await q.query('select id, final_asset_id from app_public.generation_requests where id = any($1::uuid[]) order by id', [[world.generation_requests, stranger]]);
    expect(finals).toEqual(
      [
        { id: world.generation_requests, final_asset_id: world.assets },
        { id: stranger, final_asset_id: null },
      ].sort(byKey((row) => row.id)),
    );
  });
});
