import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { introspectSchema } from '../src/introspect/introspect.ts';
import { lintCitus } from '../src/schema-lint/citus-lint.ts';
import { citusCreateOrder } from '../src/schema-lint/citus-order.ts';
import { parseCitusPlan, readCitusPlan, type CitusPlan } from '../src/schema-lint/citus-plan.ts';
import { citusRules } from '../src/schema-lint/citus-rules.ts';
import { lintSchema } from '../src/schema-lint/lint-schema.ts';
import { repoRoot } from '../src/lib/paths.ts';
import { cliEnv, failureLines, runCli } from './helpers/cli.ts';
import { createEmptyDatabase, createMigratedDatabase, type ScratchDatabase } from './helpers/database.ts';
import { makeTempDir } from './helpers/temp-dir.ts';

/**
 * `cfdb lint:schema --citus` against a scratch database: a small schema laid
 * out as its plan says, which passes every rule; then each rule's violation
 * planted in it, and a near miss the rule must let through. Last, the real
 * plan against the migrated catalog: it places every table.
 */

const PLAN_TEXT = `{
  schema: 'app_public',
  tables: {
    users: { role: 'distributed', column: 'id', why: 'The tenant.' },
    projects: { role: 'distributed', column: 'user_id', colocateWith: 'users', why: 'Per user.' },
    models: { role: 'reference', why: 'Shared.' },
    jobs: { role: 'local', why: 'Coordinator only.' },
  },
}`;

const PLAN = parseCitusPlan(PLAN_TEXT, 'test-plan.json5');

/** Placed as PLAN says, and clean for every rule: keys carry the tenant, distributed → reference and local → reference keys only. */
const CLEAN_SCHEMA = `
  create schema app_public;
  create table app_public.users (id uuid primary key, email text not null);
  create table app_public.models (id uuid primary key, name text not null constraint models_name_key unique);
  create table app_public.projects (
    user_id uuid not null constraint projects_user_id_fkey references app_public.users on delete cascade,
    id uuid not null,
    model_id uuid constraint projects_model_id_fkey references app_public.models on delete restrict,
    title text not null,
    n bigint generated always as identity,
    constraint projects_pkey primary key (user_id, id),
    constraint projects_user_id_title_key unique (user_id, title)
  );
  create table app_public.jobs (
    id serial primary key,
    model_id uuid not null constraint jobs_model_id_fkey references app_public.models on delete cascade
  );
`;

const said = (text: string): unknown => expect.stringContaining(text);

describe('on a scratch database', () => {
  let db: ScratchDatabase;

  beforeEach(async () => {
    db = await createEmptyDatabase();
    await db.client.query(CLEAN_SCHEMA);
  });

  afterEach(async () => db.drop());

  /** What one rule reports, as [object, message] pairs in output order. */
  async function reported(rule: string, plan: CitusPlan = PLAN): Promise<[string, string][]> {
    return (await lintSchema(db.client, citusRules(plan))).filter((f) => f.rule === rule).map((f) => [f.object, f.message]);
  }

  test('the clean schema has no finding from any rule', async () => {
    expect(await lintSchema(db.client, citusRules(PLAN))).toEqual([]);
  });

  describe('citus-plan-coverage', () => {
    test('a table the plan does not place, and a plan entry for a table that is gone', async () => {
      await db.client.query('create table app_public.notes (id uuid primary key); drop table app_public.jobs');
      expect(await reported('citus-plan-coverage')).toEqual([
        ['app_public.jobs', 'the Citus plan (test-plan.json5) places this table, which does not exist; remove its entry or fix its name'],
        ['app_public.notes', 'this table has no place in the Citus plan; add it to test-plan.json5 as distributed (with its distribution column), reference or local'],
      ]);
    });

    test('a partition goes with its parent, and another schema is not the plan’s', async () => {
      await db.client.query(`
        create schema app_private;
        create table app_private.notes (id uuid primary key);
        alter table app_public.jobs rename to jobs_old;
        create table app_public.jobs (id bigint not null, at date not null) partition by range (at);
        create table app_public.jobs_2026 partition of app_public.jobs for values from ('2026-01-01') to ('2027-01-01');
        drop table app_public.jobs_old;
      `);
      expect(await reported('citus-plan-coverage')).toEqual([]);
    });
  });

  describe('citus-distribution-column', () => {
    test('a planned column the table lacks, one that may be null, one of another type than its group’s', async () => {
      const plan = parseCitusPlan(
        PLAN_TEXT.replace(
          "jobs: { role: 'local', why: 'Coordinator only.' },",
          `jobs: { role: 'distributed', column: 'owner_id', colocateWith: 'users', adds: 'the owner of its model', why: 'Per user.' },
           tasks: { role: 'distributed', column: 'user_id', colocateWith: 'users', why: 'Per user.' },
           steps: { role: 'distributed', column: 'user_id', colocateWith: 'users', why: 'Per user.' },`,
        ),
        'test-plan.json5',
      );
      await db.client.query(`
        create table app_public.tasks (user_id uuid, id uuid);
        create table app_public.steps (user_id text not null, id uuid);
      `);
      expect(await reported('citus-distribution-column', plan)).toEqual([
        ['app_public.jobs', 'the Citus plan distributes this table by owner_id, which it does not have; add `owner_id uuid not null`, filled with the owner of its model, and index it'],
        ['app_public.steps.user_id', "the distribution column is text and users's is uuid; co-located tables need one type, so make it uuid"],
        ['app_public.tasks.user_id', 'the distribution column may be null, and Citus places every row by its value; make it not null, or make the table a reference table'],
      ]);
    });
  });

  describe('citus-unique-key', () => {
    test('a primary key, a unique constraint and an expression index without the distribution column', async () => {
      await db.client.query(`
        alter table app_public.projects drop constraint projects_pkey, add constraint projects_pkey primary key (id);
        alter table app_public.projects add constraint projects_title_key unique (title) include (user_id);
        create unique index users_email_key on app_public.users (lower(email));
      `);
      expect(await reported('citus-unique-key')).toEqual([
        ['app_public.projects', 'primary key projects_pkey (id) does not include the distribution column user_id; make it (user_id, id)'],
        ['app_public.projects', said('unique constraint projects_title_key (title) does not include the distribution column user_id; add user_id to it if (title) need only be unique within one user_id, or else keep (title) unique in a reference table')],
        ['app_public.users', said('unique index users_email_key (lower(email)) does not include the distribution column id;')],
      ]);
    });

    test('the distribution column anywhere in the key will do; reference and local tables may have any unique key', async () => {
      await db.client.query(`
        create unique index projects_title_user_idx on app_public.projects (lower(title), user_id);
        create unique index jobs_model_idx on app_public.jobs (model_id);
        create unique index models_lower_name_idx on app_public.models (lower(name));
      `);
      expect(await reported('citus-unique-key')).toEqual([]);
    });
  });

  describe('citus-foreign-key', () => {
    const SUBPROJECTS = `
      alter table app_public.projects add constraint projects_id_user_id_key unique (id, user_id);
      create table app_public.subprojects (
        user_id uuid not null, id uuid not null, parent_id uuid,
        constraint subprojects_pkey primary key (user_id, id)
      );
    `;
    /** PLAN with subprojects (co-located, optionally dropping subprojects_shared_fkey) and accounts (a group of its own). */
    const withSubprojects = (drops: string): CitusPlan =>
      parseCitusPlan(
        PLAN_TEXT.replace(
          "models: { role: 'reference'",
          `subprojects: { role: 'distributed', column: 'user_id', colocateWith: 'users', why: 'Per user.', ${drops} },
           accounts: { role: 'distributed', column: 'id', why: 'A second group.' },
           models: { role: 'reference'`,
        ),
        'test-plan.json5',
      );
    const plan = withSubprojects("dropForeignKeys: { subprojects_shared_fkey: 'it may point at another user’s project' }");

    test('without the tenant, with it at another position, with ON DELETE SET NULL, across groups, and one the plan drops', async () => {
      await db.client.query(`
        ${SUBPROJECTS}
        create table app_public.accounts (id uuid primary key);
        alter table app_public.subprojects
          add column account_id uuid, add column shared_id uuid,
          add constraint subprojects_parent_fkey foreign key (parent_id, user_id) references app_public.projects (user_id, id) on delete cascade,
          add constraint subprojects_parent_null_fkey foreign key (user_id, parent_id) references app_public.projects (user_id, id) on delete set null (parent_id),
          add constraint subprojects_account_fkey foreign key (account_id) references app_public.accounts (id) on delete cascade,
          add constraint subprojects_shared_fkey foreign key (user_id, shared_id) references app_public.projects (user_id, id) on delete cascade;
        alter table app_public.projects add constraint projects_lone_id_key unique (id);
        alter table app_public.subprojects add constraint subprojects_lone_fkey foreign key (parent_id) references app_public.projects (id) on delete cascade;
      `);
      expect(await reported('citus-foreign-key', plan)).toEqual([
        ['app_public.subprojects', 'foreign key subprojects_account_fkey (account_id) → app_public.accounts (id) joins two co-location groups; colocate the tables, or drop the key and check it in the backend'],
        ['app_public.subprojects', 'foreign key subprojects_lone_fkey (parent_id) → app_public.projects (id) does not carry the distribution columns at one position; make it (user_id, parent_id) → (user_id, id)'],
        ['app_public.subprojects', 'foreign key subprojects_parent_fkey (parent_id, user_id) → app_public.projects (user_id, id) does not carry the distribution columns at one position; make it (user_id, parent_id) → (user_id, id)'],
        ['app_public.subprojects', 'foreign key subprojects_parent_null_fkey (user_id, parent_id) → app_public.projects (user_id, id) has ON DELETE SET NULL, which Citus refuses on a key that holds the distribution column; make it NO ACTION and null the column in the delete'],
        ['app_public.subprojects', said('foreign key subprojects_shared_fkey (user_id, shared_id) → app_public.projects (user_id, id) cannot carry the distribution column: it may point at another user’s project; the plan drops it')],
      ]);
    });

    test('a key the plan drops that the table does not have', async () => {
      await db.client.query(SUBPROJECTS);
      expect(await reported('citus-foreign-key', plan)).toEqual([
        ['app_public.subprojects', 'the Citus plan drops foreign key subprojects_shared_fkey, which this table does not have; remove it from dropForeignKeys in test-plan.json5 or fix its name'],
      ]);
    });

    test('the tenant at the same position on both sides, in any position, and keys to the anchor', async () => {
      await db.client.query(`
        ${SUBPROJECTS}
        alter table app_public.subprojects
          add constraint subprojects_parent_fkey foreign key (parent_id, user_id) references app_public.projects (id, user_id) on delete cascade,
          add constraint subprojects_user_fkey foreign key (user_id) references app_public.users (id) on delete cascade;
      `);
      expect(await reported('citus-foreign-key', withSubprojects(''))).toEqual([]);
    });
  });

  describe('citus-foreign-key-placement', () => {
    test('reference → distributed, local → distributed and distributed → local', async () => {
      await db.client.query(`
        alter table app_public.models add column owner_id uuid constraint models_owner_id_fkey references app_public.users on delete set null;
        alter table app_public.jobs add column user_id uuid constraint jobs_user_id_fkey references app_public.users on delete cascade;
        alter table app_public.projects add column job_id int constraint projects_job_id_fkey references app_public.jobs on delete restrict;
      `);
      expect(await reported('citus-foreign-key-placement')).toEqual([
        ['app_public.jobs', 'foreign key jobs_user_id_fkey (user_id) → app_public.users, a distributed table: a local table may not reference a distributed one; drop the key and do its ON DELETE CASCADE in the backend, or change one table\'s role in test-plan.json5'],
        ['app_public.models', said('foreign key models_owner_id_fkey (owner_id) → app_public.users, a distributed table: a reference table may not reference a distributed one; drop the key and do its ON DELETE SET NULL in the backend')],
        ['app_public.projects', said('foreign key projects_job_id_fkey (job_id) → app_public.jobs, a local table: a distributed table may not reference a local one;')],
      ]);
    });

    test('reference → local is allowed, as are the clean schema’s distributed → reference and local → reference', async () => {
      await db.client.query(`alter table app_public.models add column job_id int constraint models_job_id_fkey references app_public.jobs on delete set null`);
      expect(await reported('citus-foreign-key-placement')).toEqual([]);
    });
  });

  describe('citus-narrow-sequence', () => {
    test('serial, an integer identity, a bigint column fed by an integer sequence, on a distributed table', async () => {
      await db.client.query(`
        alter table app_public.projects add column s serial, add column i integer generated by default as identity;
        create sequence app_public.tickets as integer;
        alter table app_public.users add column ticket bigint default nextval('app_public.tickets');
      `);
      expect(await reported('citus-narrow-sequence')).toEqual([
        ['app_public.projects.i', said('is filled from sequence app_public.projects_i_seq (integer) and is integer itself; Citus gives each node a range of a bigint sequence, so make both bigint')],
        ['app_public.projects.s', said('is filled from sequence app_public.projects_s_seq (integer) and is integer itself')],
        ['app_public.users.ticket', said('is filled from sequence app_public.tickets (integer); Citus gives each node a range of a bigint sequence, so make both bigint (`alter table app_public.users alter column ticket type bigint`, `alter sequence app_public.tickets as bigint`)')],
      ]);
    });

    test('bigint identity on a distributed table, and serial on a local one, are fine', async () => {
      await db.client.query(`alter table app_public.projects add column b bigserial`);
      expect(await reported('citus-narrow-sequence')).toEqual([]);
    });
  });

  test('cfdb lint:schema --citus: findings, the create order, exit 1; and clean, exit 0', async () => {
    const dir = makeTempDir('citus-plan');
    const planFile = join(dir, 'plan.json5');
    writeFileSync(planFile, PLAN_TEXT);
    const env = cliEnv({ DATABASE_URL: db.url, CFDB_CITUS_PLAN: planFile });
    const clean = await runCli(['lint:schema', '--citus'], env);
    expect(clean.stderr).not.toMatch(/^cfdb /m);
    expect(clean.code).toBe(0);
    const order = [
      `Citus create order (from ${planFile} and this database's foreign keys):`,
      "  select create_reference_table('app_public.models');",
      "  select create_distributed_table('app_public.users', 'id');",
      "  select create_distributed_table('app_public.projects', 'user_id', colocate_with => 'app_public.users');",
      '  -- local, on the coordinator only (no call): app_public.jobs',
    ];
    expect(clean.stdout.split('\n')).toEqual([
      ...order,
      `lint:schema --citus: no findings against the Citus plan ${planFile}, checked statically (Citus is not installed here)`,
      '',
    ]);

    await db.client.query('create table app_public.notes (id uuid primary key)');
    const bad = await runCli(['lint:schema', '--citus'], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout.split('\n')).toEqual([
      `app_public.notes: citus-plan-coverage: this table has no place in the Citus plan; add it to ${planFile} as distributed (with its distribution column), reference or local`,
      '',
      ...order,
      '',
    ]);
    expect(failureLines(bad)).toEqual([
      `cfdb lint:schema failed: 1 finding against the Citus plan ${planFile}, checked statically (Citus is not installed here); each line says what must change before the calls above can run on Citus.`,
    ]);
  });
});

describe('citusCreateOrder', () => {
  test("a key that points forward (the group's first table references a member, in a cycle) is dropped first and added again after the last call", async () => {
    const db = await createEmptyDatabase();
    try {
      await db.client.query(`
        ${CLEAN_SCHEMA}
        alter table app_public.users add column first_project_id uuid,
          add constraint users_first_project_fkey foreign key (id, first_project_id) references app_public.projects (user_id, id) on delete restrict;
      `);
      const order = citusCreateOrder(PLAN, (await introspectSchema(db.client)).tables);
      expect(order).toEqual([
        'alter table app_public.users drop constraint users_first_project_fkey;  -- points forward',
        "select create_reference_table('app_public.models');",
        "select create_distributed_table('app_public.users', 'id');",
        "select create_distributed_table('app_public.projects', 'user_id', colocate_with => 'app_public.users');",
        'alter table app_public.users add constraint users_first_project_fkey FOREIGN KEY (id, first_project_id) REFERENCES app_public.projects(user_id, id) ON DELETE RESTRICT;',
        '-- local, on the coordinator only (no call): app_public.jobs',
      ]);
    } finally {
      await db.drop();
    }
  });
});

describe('parseCitusPlan', () => {
  test('a distributed table needs a column, colocateWith names a group’s first table, every entry a reason', () => {
    expect(() => parseCitusPlan(`{ schema: 'app_public', tables: { a: { role: 'distributed', why: 'x' } } }`, 'p.json5')).toThrow(
      /^p\.json5: tables\.a\.column: /,
    );
    expect(() =>
      parseCitusPlan(
        `{ schema: 'app_public', tables: {
            a: { role: 'distributed', column: 'id', why: 'x' },
            b: { role: 'distributed', column: 'a_id', colocateWith: 'a', why: 'x' },
            c: { role: 'distributed', column: 'a_id', colocateWith: 'b', why: 'x' } } }`,
        'p.json5',
      ),
    ).toThrow('p.json5: c.colocateWith names "b", which is not a distributed table of its own group; name the group\'s first table.');
    expect(() => parseCitusPlan(`{ schema: 'app_public', tables: { a: { role: 'reference' } } }`, 'p.json5')).toThrow(/^p\.json5: tables\.a\.why: /);
    expect(() => parseCitusPlan(`{ schema: 'app_public', tables: { a: { role: 'sharded', why: 'x' } } }`, 'p.json5')).toThrow(/^p\.json5: tables\.a\.role: /);
  });
});

describe('the real plan on the migrated catalog', () => {
  let db: ScratchDatabase;
  const plan = readCitusPlan();

  beforeAll(async () => {
    db = await createMigratedDatabase();
  });

  afterAll(async () => db.drop());

  test('places every table, and none that is gone', async () => {
    const { findings } = await lintCitus(db.client, plan);
    expect(findings.filter((f) => f.rule === 'citus-plan-coverage')).toEqual([]);
  });

  test('a distribution column a table lacks is one the plan says where to take from', async () => {
    const { findings } = await lintCitus(db.client, plan);
    const missing = findings.filter((f) => f.rule === 'citus-distribution-column').map((f) => f.object);
    const planned = [...plan.tables].filter(([, entry]) => entry.role === 'distributed' && entry.adds !== undefined).map(([name]) => `app_public.${name}`);
    expect(missing).toEqual(planned);
  });

  test('every table is placed after the tables it references, reference tables first', async () => {
    const { createOrder } = await lintCitus(db.client, plan);
    const placed = createOrder.flatMap((line) => /create_\w+_table\('app_public\.(\w+)'/.exec(line)?.[1] ?? []);
    const model = await introspectSchema(db.client);
    const deferred = new Set(createOrder.flatMap((line) => / drop constraint (\w+);/.exec(line)?.[1] ?? []));
    const role = (name: string): string | undefined => plan.tables.get(name)?.role;
    // Keys Citus refuses (reference → distributed) are findings to drop, not the order's to satisfy.
    const kept = (from: string, to: string): boolean => role(from) === role(to) || (role(from) === 'distributed' && role(to) === 'reference');
    for (const table of model.tables.filter((t) => placed.includes(t.name))) {
      const keys = table.foreignKeys.filter((k) => !deferred.has(k.name) && placed.includes(k.foreignTable) && k.foreignTable !== table.name);
      for (const fk of keys.filter((k) => kept(table.name, k.foreignTable))) {
        expect([table.name, placed.indexOf(fk.foreignTable) < placed.indexOf(table.name)]).toEqual([table.name, true]);
      }
    }
    const roles = placed.map(role);
    expect(roles.lastIndexOf('reference')).toBeLessThan(roles.indexOf('distributed'));
    expect(placed[roles.indexOf('distributed')]).toBe('users');
  });

  test('docs/scaling.md shows the create order the lint prints', async () => {
    const { createOrder } = await lintCitus(db.client, plan);
    const doc = readFileSync(join(repoRoot, 'docs', 'scaling.md'), 'utf8');
    const block = /<!-- citus-create-order -->\n```sql\n([^]*?)\n```\n<!-- \/citus-create-order -->/.exec(doc)?.[1];
    // When this fails, paste the list `npm run lint:schema -- --citus` prints into docs/scaling.md.
    expect(block?.split('\n')).toEqual(createOrder);
  });
});
