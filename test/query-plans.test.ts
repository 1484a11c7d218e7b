import { createHash } from 'node:crypto';
import type pg from 'pg';
import { loadCatalog, sampleParams, type CatalogQuery } from '../src/queries/catalog.ts';
import { describeScans, wholeTableScans, type PlanNode } from '../src/queries/plan.ts';
import { appTables, loadSeed } from '../src/seed/load.ts';
import { updatedAfterInsert } from '../src/seed/tables.ts';
import { cliEnv, runCliInProcess } from './helpers/cli.ts';
import { createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { asVisitor } from './helpers/visitor.ts';

/**
 * The seed (src/seed/) and the hot-query catalog (queries/*.sql) at the
 * default small scale: the data is deterministic and lawful, and every
 * catalog query, run as a real visitor (row-level security on), can be
 * answered without reading a large table whole.
 */

const anchor = new Date('2026-12-01T00:00:00Z');
const scale = 5_000;
const catalog = loadCatalog();

let db: ScratchDatabase;
let aliceSession: string;

beforeAll(async () => {
  db = await createMigratedDatabase();
  await loadSeed(db.client, { seed: 1, scale, anchor });
  aliceSession = await sessionOf(db.client, 'alice@example.com');
});

afterAll(async () => {
  await db?.drop();
});

async function sessionOf(client: pg.ClientBase, email: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `select s.id from app_public.sessions s join app_public.users u on u.id = s.user_id
     where u.email = $1 and s.expires_at > now() order by s.id limit 1`,
    [email],
  );
  if (!rows[0]) throw new Error(`no valid session for ${email}`);
  return rows[0].id;
}

/** md5 of each table's rows in a fixed order; updated_at left out where the load itself updates rows (the trigger stamps the load's time). */
async function tableDigests(client: pg.ClientBase): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of await appTables(client)) {
    const row = (updatedAfterInsert as readonly string[]).includes(table) ? `(to_jsonb(t) - 'updated_at')::text` : 't::text';
    const { rows } = await client.query<{ md5: string }>(`select md5(string_agg(${row}, E'\\n' order by ${row})) as md5 from ${table} t`);
    digests[table] = rows[0]?.md5 ?? '';
  }
  return digests;
}

async function withSeededDatabase<T>(seed: number, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const other = await createMigratedDatabase();
  try {
    await loadSeed(other.client, { seed, scale, anchor });
    return await fn(other.client);
  } finally {
    await other.drop();
  }
}

describe('the seed', () => {
  test('fills every app_public table', async () => {
    const tables = await appTables(db.client);
    expect(tables).toHaveLength(22);
    const empty: string[] = [];
    for (const table of tables) {
      const { rows } = await db.client.query<{ any: boolean }>(`select exists (select from ${table}) as any`);
      if (!rows[0]?.any) empty.push(table);
    }
    expect(empty).toEqual([]);
  });

  test('the same seed gives the same rows, another seed other rows', async () => {
    const first = await tableDigests(db.client);
    const again = await withSeededDatabase(1, tableDigests);
    const other = await withSeededDatabase(2, tableDigests);
    expect(again).toEqual(first);
    // The registry is fixed; every table with generated content differs.
    const same = Object.keys(first).filter((t) => first[t] === other[t]);
    expect(same.filter((t) => !t.startsWith('app_public.ai_model'))).toEqual([]);
  }, 120_000);

  test('balances are the sum of each user’s ledger and never negative', async () => {
    const { rows } = await db.client.query<{ email: string; balance: string; ledger: string }>(
      `select u.email, u.credit_balance as balance, coalesce(sum(c.amount), 0) as ledger
       from app_public.users u left join app_public.credit_transactions c on c.user_id = u.id
       group by u.id having u.credit_balance <> coalesce(sum(c.amount), 0) or u.credit_balance < 0`,
    );
    expect(rows).toEqual([]);
    const { rows: [spent] } = await db.client.query<{ n: number }>(`select count(*)::int as n from app_public.users where credit_balance > 0`);
    expect(spent?.n).toBeGreaterThan(0);
  });

  test('keeps the rules the schema and policies expect of real data', async () => {
    const violations = {
      'team owner without an Owner membership': `select t.id from app_public.teams t where not exists (
         select from app_public.team_members m where m.team_id = t.id and m.user_id = t.owner_id and m.role = 'Owner')`,
      'Owner member who does not own the team': `select m.id from app_public.team_members m join app_public.teams t on t.id = m.team_id
         where m.role = 'Owner' and m.user_id <> t.owner_id`,
      'final asset of another request': `select r.id from app_public.generation_requests r join app_public.assets a on a.id = r.final_asset_id
         where a.generation_request_id is distinct from r.id`,
      'completed request without a final asset': `select id from app_public.generation_requests where status = 'Completed' and final_asset_id is null`,
      'asset version outside its asset’s project': `select v.id from app_public.asset_versions v join app_public.assets a on a.id = v.asset_id
         where v.project_id is distinct from a.project_id`,
      'version numbers not 1…n per asset': `select asset_id from app_public.asset_versions where asset_id is not null
         group by asset_id having max(version_number) <> count(*)`,
      'project in another user’s workbench': `select p.id from app_public.projects p join app_public.workbenches w on w.id = p.workbench_id where w.user_id <> p.user_id`,
      'project with a private template of someone else': `select p.id from app_public.projects p join app_public.templates t on t.id = p.template_id
         where not t.is_public and t.user_id is distinct from p.user_id`,
      'user without a session valid after the anchor': `select u.id from app_public.users u where not exists (
         select from app_public.sessions s where s.user_id = u.id and s.expires_at > '${anchor.toISOString()}')`,
      'usage before sign-up': `select l.id from app_public.usage_logs l join app_public.users u on u.id = l.user_id where l."timestamp" < u.created_at`,
    };
    const found: Record<string, number> = {};
    for (const [rule, sql] of Object.entries(violations)) {
      const { rowCount } = await db.client.query(sql);
      if (rowCount) found[rule] = rowCount;
    }
    expect(found).toEqual({});
  });

  test('alice and bob share a team, and alice has a public template', async () => {
    const { rows } = await db.client.query<{ team: string; roles: string }>(
      `select t.name as team, string_agg(u.email || ' ' || m.role, ', ' order by u.email) as roles
       from app_public.teams t join app_public.team_members m on m.team_id = t.id join app_public.users u on u.id = m.user_id
       where u.email in ('alice@example.com', 'bob@example.com') group by t.name having count(*) = 2`,
    );
    expect(rows).toEqual([{ team: 'Acme Studio', roles: 'alice@example.com Owner, bob@example.com Editor' }]);
    const { rows: templates } = await db.client.query(
      `select from app_public.templates t join app_public.users u on u.id = t.user_id where u.email = 'alice@example.com' and t.is_public`,
    );
    expect(templates.length).toBeGreaterThan(0);
  });
});

/** The query's parameters for alice. */
async function aliceParams(client: pg.ClientBase, query: CatalogQuery): Promise<unknown[]> {
  const params = await sampleParams(client, query);
  if (!params) throw new Error(`queries/${query.name}.sql: its sample query returned no row for alice`);
  return params;
}

describe('hot queries, as alice (row-level security on)', () => {
  test('the catalog has the queries the product runs', () => {
    expect(catalog.map((q) => q.name)).toEqual(
      expect.arrayContaining(['workbenches-and-projects', 'project-assets', 'unread-notifications', 'ledger-page', 'usage-last-30-days', 'generation-queue', 'team-members', 'active-deployment']),
    );
  });

  test.each(catalog.map((q) => [q.name, q] as const))('%s returns alice’s rows', async (_name, query) => {
    const rows = await asVisitor(db.client, aliceSession, async () => {
      const params = await aliceParams(db.client, query);
      return (await db.client.query(query.sql, params)).rows;
    });
    expect(rows.length).toBeGreaterThan(0);
  });

  // At this scale every table fits in a few pages and the planner rightly prefers reading it whole;
  // with sequential scans priced out, a Seq Scan or an unbounded index scan in the plan means no index
  // can answer the query, which is what would hurt at 1M rows (`npm run bench:queries` shows the real plans).
  test.each(catalog.map((q) => [q.name, q] as const))('%s reads no large table whole', async (_name, query) => {
    const plan = await asVisitor(db.client, aliceSession, async () => {
      const params = await aliceParams(db.client, query);
      await db.client.query('set local enable_seqscan = off');
      const { rows } = await db.client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (format json) ${query.sql}`, params);
      return rows[0]?.['QUERY PLAN'][0].Plan;
    });
    if (!plan) throw new Error('no plan');
    expect({ query: query.name, whole: wholeTableScans(plan), scans: describeScans(plan) }).toEqual({
      query: query.name,
      whole: [],
      scans: expect.any(String),
    });
  });
});

describe('npm run seed', () => {
  test('refuses a server that is not on this machine without --force, naming the host', async () => {
    const result = await runCliInProcess(['seed'], cliEnv({ DATABASE_URL: 'postgres://app:secret@db.example.com:5432/creativeflow' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cfdb seed failed: seed refuses DATABASE_URL on db.example.com: it is not on this machine; pass --force');
    expect(result.stderr).not.toContain('secret');
  });

  test('refuses a database that already has rows, naming them and what to do', async () => {
    const result = await runCliInProcess(['seed'], cliEnv({ DATABASE_URL: db.url }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/seed refuses to add to a database that has data \(rows in ai_model_deployments, .*\); the ledger and usage log are append-only, so run `npm run reset`/);
    const { rows } = await db.client.query<{ n: number }>(`select count(*)::int as n from app_public.users`);
    expect(rows[0]?.n).toBe(50);
  });
});
